import { LOCAL_STAGE } from '../../../local/config';
import { serverlessResources } from '../../../local/dynamodb/serverless-resources';
import { createTableInputs } from '../../../local/dynamodb/table-definitions';

/** The Framework resolves the table name, so local and AWS name it alike for every stage. */
describe('serverlessResources', () => {
  it.each([
    { stage: LOCAL_STAGE, table: 'messages-notifications-local-notifications' },
    { stage: 'prod', table: 'messages-notifications-prod-notifications' },
  ])('resolves the notifications table name for stage $stage', async ({ stage, table }) => {
    const tables = createTableInputs(await serverlessResources(stage));
    expect(tables.map((input) => input.TableName)).toEqual([table]);
  }, 30_000);
});
