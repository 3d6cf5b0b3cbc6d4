import buildPlugin from '../build-plugin';
import integrationSetup from '../integration/global-setup';
import { chromiumPath } from './support/browser';

/** The console's page is served from the plugin's build; the broker is the integration tests'. */
export default async function globalSetup(): Promise<void> {
  chromiumPath();
  buildPlugin();
  await integrationSetup();
}
