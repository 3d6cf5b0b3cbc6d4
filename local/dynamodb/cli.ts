import { DYNAMODB_LOCAL_VERSION } from '../config';
import { runLauncherCli } from '../launcher';
import { dynamodbDown, dynamodbStatus, dynamodbUp, type DynamoDBInstance } from './instance';

function describe(instance: DynamoDBInstance): string {
  const pid = instance.server ? `, pid ${instance.server.pid}` : '';
  return `DynamoDB Local ${instance.version} (${instance.runtime}) at ${instance.endpoint}${pid}`;
}

runLauncherCli<DynamoDBInstance>({
  name: 'dynamodb',
  describe,
  product: `DynamoDB Local ${DYNAMODB_LOCAL_VERSION}`,
  nothingStarted: 'no DynamoDB Local',
  async up(_values, progress) {
    const { instance, startedHere } = await dynamodbUp({ progress });
    return { state: instance, startedHere };
  },
  down: (progress) => dynamodbDown({ progress }),
  status: () => dynamodbStatus(),
});
