/**
 * The server's shape holds (issue 27): components import one another only through their index.ts
 * and only downwards, never another's models (neither from its index nor from instance.models; seed
 * aside), platform knows no component, the store is reached through its door, and no
 * runtime import cycle exists. The lint
 * rule and the cycle check run in `npm run lint`; these tests keep both from being switched off.
 */
import { expect } from 'chai';
import { ESLint } from 'eslint';
import madge from 'madge';
import { REPO_ROOT } from '../helpers/spawnServer.js';

async function lintErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath });
  const boundaryRules = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && boundaryRules.has(m.ruleId)).map((m) => m.message);
}

describe('component boundaries', function () {
  this.timeout(120_000);

  it('refuses a file of another component imported past its index', async () => {
    const errors = await lintErrors('server/search/probe.ts', "import { Alert } from '../alerts/Alert.js';\nexport const probe = Alert;\n");
    expect(errors.join('\n')).to.match(/through its index\.ts/);
    expect(
      await lintErrors('server/search/probe.ts', "import { canSeeAlert } from '../alerts/index.js';\nexport const probe = canSeeAlert;\n"),
    ).to.deep.equal([]);
  });

  it("refuses another component's models, from its index or from the instance; its own, platform's, seed's and the root's are allowed", async () => {
    const registerFromSearch = "import { identityModels } from '../../identity/index.js';\nexport const probe = identityModels;\n";
    expect((await lintErrors('server/search/access/probe.ts', registerFromSearch)).join('\n')).to.match(
      /Only the composition root registers/,
    );
    const amongOthers = "import { canSeeAlert, alertsModels as A } from '../alerts/index.js';\nexport const probe = [A, canSeeAlert];\n";
    expect((await lintErrors('server/audit/probe.ts', amongOthers)).join('\n')).to.match(/Only the composition root registers/);
    const usersOf = (from: string) =>
      `import type { Instance } from '${from}';\nexport const probe = (instance: Instance) => {\n  const { User } = instance.models.identity;\n  return User;\n};\n`;
    expect((await lintErrors('server/search/probe.ts', usersOf('../platform/instance.js'))).join('\n')).to.match(
      /Only the component itself uses its models/,
    );
    expect((await lintErrors('server/alerts/copy/probe.ts', usersOf('../../platform/instance.js'))).join('\n')).to.match(
      /Only the component itself uses its models/,
    );
    // Its own models, platform's, and anything for seed (which writes raw data) stay allowed.
    expect(await lintErrors('server/identity/probe.ts', usersOf('../platform/instance.js'))).to.deep.equal([]);
    const counters =
      "import type { Instance } from '../platform/instance.js';\nexport const probe = (instance: Instance) => instance.models.platform.Counter;\n";
    expect(await lintErrors('server/alerts/probe.ts', counters)).to.deep.equal([]);
    expect(await lintErrors('server/seed/probe.ts', usersOf('../platform/instance.js'))).to.deep.equal([]);
    const root = "import { identityModels } from './identity/index.js';\nexport const probe = identityModels;\n";
    expect(await lintErrors('server/probe.ts', root)).to.deep.equal([]);
  });

  it('refuses an import upwards (identity from search) but allows a type', async () => {
    const errors = await lintErrors(
      'server/identity/probe.ts',
      "import { searchRoutes } from '../search/index.js';\nexport const probe = searchRoutes;\n",
    );
    expect(errors.join('\n')).to.match(/identity builds only on the components before it/);
    const typeOnly = "import type { FieldClass } from '../alerts/index.js';\nexport type Probe = FieldClass;\n";
    expect(await lintErrors('server/identity/probe.ts', typeOnly)).to.deep.equal([]);
  });

  it('refuses a component imported by platform code', async () => {
    const errors = await lintErrors(
      'server/platform/probe.ts',
      "import { identityModels } from '../identity/index.js';\nexport const probe = identityModels;\n",
    );
    expect(errors.join('\n')).to.match(/Platform code knows no component/);
  });

  it('refuses a store file imported past the store door, from a component or from platform', async () => {
    const fromAlerts = await lintErrors(
      'server/alerts/probe.ts',
      "import { withDocLock } from '../platform/store/docLock.js';\nexport const probe = withDocLock;\n",
    );
    expect(fromAlerts.join('\n')).to.match(/its door/);
    const fromJobs = await lintErrors(
      'server/platform/jobs/probe.ts',
      "import { withDocLock } from '../store/docLock.js';\nexport const probe = withDocLock;\n",
    );
    expect(fromJobs.join('\n')).to.match(/its door/);
    expect(
      await lintErrors(
        'server/alerts/probe.ts',
        "import { withDocLock } from '../platform/store/index.js';\nexport const probe = withDocLock;\n",
      ),
    ).to.deep.equal([]);
  });

  it('has no runtime import cycle in server/ and shared/ (madge, type imports skipped)', async () => {
    const graph = await madge(['server', 'shared'], {
      baseDir: REPO_ROOT,
      fileExtensions: ['ts'],
      tsConfig: `${REPO_ROOT}/tsconfig.json`,
      detectiveOptions: { ts: { skipTypeImports: true }, es6: { skipTypeImports: true } },
    });
    expect(graph.circular()).to.deep.equal([]);
  });
});
