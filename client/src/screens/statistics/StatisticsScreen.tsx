/**
 * "Estadísticas" (issue 29): the binational commission's tables for a year, each as a bar chart
 * and as a table, with the suppressed counts shown as "<11" and what that means said once at the
 * top (and in each suppressed cell's accessible name). The statistics role sees only this screen;
 * system administrators reach it from the navigation.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  FIRST_STATISTICS_YEAR,
  type StatisticsCellDto,
  type StatisticsDto,
  type StatisticsNestedTableDto,
  type StatisticsTableDto,
} from '../../../../shared/dto/statistics.js';
import type { Language } from '../../../../shared/i18n/client/define.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { statistics } from '../../../../shared/i18n/client/statistics.js';
import { countryName, rowLabel, tableTitle, type StatisticsTitleId } from '../../../../shared/statisticsLabels.js';
import { errorText } from '../../api/errors.js';
import { getStatistics, statisticsCsvHref } from '../../api/statistics.js';
import { language, translator } from '../../i18n/index.js';
import { SelectField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { BarChart, type Bar } from './BarChart.js';

const t = translator(statistics);
const tc = translator(common);

/** Years in Argentine/Paraguayan time (UTC−3 all year): the screen asks for the one the server counts. */
const thisYear = () => new Date(Date.now() - 3 * 3_600_000).getUTCFullYear();

function Count({ value, k }: { value: number | null; k: number }) {
  if (value !== null) return <>{value.toLocaleString(language.value === 'es' ? 'es-AR' : 'en-GB')}</>;
  return (
    <abbr class="suppressed" title={t('suppressedCell', { k })}>
      {`<${k}`}
    </abbr>
  );
}

/** A row of a table of counts: its name, then its count (or its suppression). */
function CountRow({ name, value, k, rowClass }: { name: string; value: number | null; k: number; rowClass?: string }) {
  return (
    <tr class={rowClass}>
      <th scope="row">{name}</th>
      <td class="num">
        <Count value={value} k={k} />
      </td>
    </tr>
  );
}

/** The header of a table of counts; `children`: the header cells of columns after the count. */
function CountHead({ children }: { children?: ComponentChildren }) {
  return (
    <thead>
      <tr>
        <th scope="col">{t('category')}</th>
        <th scope="col" class="num">
          {t('count')}
        </th>
        {children}
      </tr>
    </thead>
  );
}

function Hours({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <>{t('medianWithheld')}</>;
  return <>{value.toLocaleString(language.value === 'es' ? 'es-AR' : 'en-GB')}</>;
}

const label = (id: StatisticsTitleId, row: StatisticsCellDto, lang: Language) => rowLabel(id, row, lang);

function TableNotes({ table }: { table: Pick<StatisticsTableDto, 'zerosSuppressed' | 'withheld'> }) {
  return (
    <>
      {table.withheld ? <p class="muted">{t('withheldNote')}</p> : null}
      {table.zerosSuppressed ? <p class="muted">{t('zerosSuppressedNote')}</p> : null}
    </>
  );
}

/** One table of counts: its chart, then the same rows as a table. */
function CountTable({ table, k }: { table: StatisticsTableDto; k: number }) {
  const lang = language.value;
  const title = tableTitle(table.id, lang);
  const rows = table.rows.map((r) => ({ name: label(table.id, r, lang), count: r.count }));
  if (table.merged !== null) rows.push({ name: t('mergedRow'), count: table.merged });
  const bars: Bar[] = rows.map((r) => ({ label: r.name, count: r.count }));
  const headingId = `h-${table.id}`;
  return (
    <section class="stats-table" aria-labelledby={headingId} data-testid={`table-${table.id}`}>
      <h2 id={headingId}>{title}</h2>
      <TableNotes table={table} />
      <div class="stats-body">
        {bars.length ? <BarChart id={table.id} title={title} bars={bars} k={k} /> : null}
        <table>
          <caption class="visually-hidden">{t('tableAsText')}</caption>
          <CountHead />
          <tbody>
            {rows.map((r, i) => (
              <CountRow key={`${r.name}-${i}`} name={r.name} value={r.count} k={k} />
            ))}
          </tbody>
          <tfoot>
            <CountRow name={t('total')} value={table.total} k={k} />
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/** Time to first hit or to resolution: counts and medians by issuing country (a table: medians are not lengths to compare). */
function TimeTable({ table, k }: { table: StatisticsTableDto; k: number }) {
  const lang = language.value;
  const headingId = `h-${table.id}`;
  return (
    <section class="stats-table" aria-labelledby={headingId} data-testid={`table-${table.id}`}>
      <h2 id={headingId}>{tableTitle(table.id, lang)}</h2>
      <TableNotes table={table} />
      <table>
        <CountHead>
          <th scope="col" class="num">
            {t('median')}
          </th>
        </CountHead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{label(table.id, r, lang)}</th>
              <td class="num">
                <Count value={r.count} k={k} />
              </td>
              <td class="num">
                <Hours value={r.medianHours} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td class="num">
              <Count value={table.total} k={k} />
            </td>
            <td class="num">
              <Hours value={table.medianHours} />
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

/** Countries of destination (row totals) and their provinces or departments. */
function PlaceTable({ table, k }: { table: StatisticsNestedTableDto; k: number }) {
  const lang = language.value;
  const title = tableTitle('byPlace', lang);
  const country = (key: string) => (key === 'unknown' ? t('unknown') : countryName(key, lang));
  const bars: Bar[] = table.groups.map((g) => ({ label: country(g.key), count: g.count }));
  if (table.merged !== null) bars.push({ label: t('mergedRow'), count: table.merged });
  return (
    <section class="stats-table" aria-labelledby="h-byPlace" data-testid="table-byPlace">
      <h2 id="h-byPlace">{title}</h2>
      <div class="stats-body">
        {bars.length ? <BarChart id="byPlace" title={title} bars={bars} k={k} /> : null}
        <table>
          <caption class="visually-hidden">{t('tableAsText')}</caption>
          <CountHead />
          {table.groups.map((g) => (
            <tbody key={g.key} class="stats-group">
              <CountRow name={t('countryTotal', { country: country(g.key) })} value={g.count} k={k} />
              {g.rows === null ? (
                <tr class="stats-sub">
                  <th scope="row">{t('notListedRows')}</th>
                  <td class="num">{t('medianWithheld')}</td>
                </tr>
              ) : (
                g.rows.map((r) => <CountRow key={r.key} rowClass="stats-sub" name={label('byPlace', r, lang)} value={r.count} k={k} />)
              )}
            </tbody>
          ))}
          {table.merged !== null ? (
            <tbody>
              <tr>
                <th scope="row">{t('mergedRow')}</th>
                <td class="num">{table.merged}</td>
              </tr>
            </tbody>
          ) : null}
          <tfoot>
            <CountRow name={t('total')} value={table.total} k={k} />
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function Report({ s }: { s: StatisticsDto }) {
  const { k, tables } = s;
  return (
    <>
      <Notice kind="info">
        <p data-testid="suppression-note">{t('suppressedNote', { k, km1: k - 1 })}</p>
      </Notice>
      <section class="stats-table" aria-labelledby="h-crossBorder" data-testid="table-crossBorderMatches">
        <h2 id="h-crossBorder">{tableTitle('crossBorderMatches', language.value)}</h2>
        <p class="stats-figure">
          <Count value={s.crossBorderMatches} k={k} />
        </p>
        <p class="muted">{t('crossBorderText')}</p>
      </section>
      <CountTable table={tables.byKind} k={k} />
      <CountTable table={tables.byMonth} k={k} />
      <CountTable table={tables.byOutcome} k={k} />
      <PlaceTable table={tables.byPlace} k={k} />
      <CountTable table={tables.byCrossing} k={k} />
      <CountTable table={tables.byNationality} k={k} />
      <TimeTable table={tables.firstHit} k={k} />
      <TimeTable table={tables.resolution} k={k} />
      <CountTable table={tables.accessGranted} k={k} />
    </>
  );
}

export function StatisticsScreen() {
  const [year, setYear] = useState(thisYear());
  const [data, setData] = useState<StatisticsDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    getStatistics(year).then(
      (s) => live && setData(s),
      (err: unknown) => live && setError(`${t('loadFailed')} ${errorText(err)}`),
    );
    return () => {
      live = false;
    };
  }, [year]);
  const years = Array.from({ length: Math.max(1, thisYear() - FIRST_STATISTICS_YEAR + 1) }, (_, i) => String(thisYear() - i));
  return (
    <section class="statistics-screen">
      <ScreenHeading title={t('title')} />
      <p>{t('intro')}</p>
      <div class="stats-controls">
        <SelectField
          id="stats-year"
          label={t('year')}
          value={String(year)}
          onValue={(v) => setYear(Number(v))}
          options={years.map((y) => [y, y] as const)}
        />
        <p class="stats-download">
          <a class="button" href={statisticsCsvHref(year)} download data-testid="statistics-csv" aria-describedby="stats-download-hint">
            {t('download')}
          </a>
          <span class="field-hint" id="stats-download-hint">
            {t('downloadHint')}
          </span>
        </p>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {data && data.year === year ? <Report s={data} /> : !error ? <p class="muted">{tc('loading')}</p> : null}
    </section>
  );
}
