// `node --import ./test/helpers/recordPackages.mjs …`: appends to $PUENTE_RECORD_PACKAGES the name of
// every package that Puente's own code (not a package's) imports, as Node resolves it.
import { register } from 'node:module';

register('./recordPackagesHooks.mjs', import.meta.url);
