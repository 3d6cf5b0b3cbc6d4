// @ts-check
'use strict';

/**
 * Serverless plugin: copies `custom.eventSourceMappings.<function>` into the
 * `AWS::Lambda::EventSourceMapping` resources generated for that function's `msk` and `kafka`
 * events. The Framework's events cannot express these settings; keeping them in one block that
 * both the deployed stack and the local poller (local/poller/settings/) read means local
 * and cloud never disagree. The poller validates the block; deploy fails loudly on a typo too.
 */

/** camelCase key in serverless.yml -> CloudFormation property. */
const PROPERTIES = {
  maximumRetryAttempts: 'MaximumRetryAttempts',
  maximumRecordAgeInSeconds: 'MaximumRecordAgeInSeconds',
  bisectBatchOnFunctionError: 'BisectBatchOnFunctionError',
  functionResponseTypes: 'FunctionResponseTypes',
};

/**
 * @param {Record<string, any>} resources the compiled template's Resources
 * @param {string} functionLogicalId
 * @param {Record<string, any>} settings
 * @returns {string[]} the logical ids of the mappings it changed
 */
function applySettings(resources, functionLogicalId, settings) {
  const changed = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    if (!JSON.stringify(resource.Properties.FunctionName).includes(`"${functionLogicalId}"`)) continue;
    if (!resource.Properties.Topics) continue;
    for (const [key, value] of Object.entries(settings)) {
      if (key === 'destinationConfig') {
        resource.Properties.DestinationConfig = { OnFailure: { Destination: value.onFailure.destination } };
      } else if (key in PROPERTIES) {
        resource.Properties[PROPERTIES[/** @type {keyof PROPERTIES} */ (key)]] = value;
      } else {
        throw new Error(`custom.eventSourceMappings: unknown setting "${key}" (known: ${[...Object.keys(PROPERTIES), 'destinationConfig'].join(', ')})`);
      }
    }
    changed.push(logicalId);
  }
  return changed;
}

class EventSourceMappingSettings {
  /** @param {any} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:compileEvents': () => this.apply() };
  }

  apply() {
    const service = this.serverless.service;
    const blocks = service.custom?.eventSourceMappings ?? {};
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    const naming = this.serverless.getProvider('aws').naming;
    for (const [functionName, settings] of Object.entries(blocks)) {
      if (!service.functions?.[functionName]) {
        throw new Error(`custom.eventSourceMappings.${functionName}: no such function in this service`);
      }
      const changed = applySettings(resources, naming.getLambdaLogicalId(functionName), settings);
      if (changed.length === 0) {
        throw new Error(`custom.eventSourceMappings.${functionName}: the function has no msk or kafka event`);
      }
    }
  }
}

module.exports = EventSourceMappingSettings;
module.exports.applySettings = applySettings;
