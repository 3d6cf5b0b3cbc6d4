import { DEFAULT_MAXIMUM_POLLERS, POLLER_GROUP } from '../aws-limits';
import type { MappingProblems } from '../errors';
import type { ProvisionedPollers } from './event-settings';

interface GroupMember {
  functionName: string;
  provisionedPollers?: ProvisionedPollers;
}

/**
 * `PollerGroupName` (`API_ProvisionedPollerConfig`): "You can group up to 100 ESMs per poller
 * group and aggregate maximum pollers across all ESMs in a group cannot exceed 2000." AWS counts
 * the mappings of one VPC; locally the service's are all there is to count.
 */
export function pollerGroupProblems(mappings: readonly GroupMember[]): MappingProblems[] {
  const groups = new Map<string, GroupMember[]>();
  for (const mapping of mappings) {
    const name = mapping.provisionedPollers?.pollerGroupName;
    if (name !== undefined) groups.set(name, [...(groups.get(name) ?? []), mapping]);
  }
  const problems: string[] = [];
  for (const [name, members] of groups) {
    if (members.length > POLLER_GROUP.maxMappings) {
      problems.push(`PollerGroupName '${name}' has ${members.length} event source mappings; a poller group holds at most ${POLLER_GROUP.maxMappings}`);
    }
    const pollers = members.reduce((sum, member) => sum + (member.provisionedPollers?.maximumPollers ?? DEFAULT_MAXIMUM_POLLERS), 0);
    if (pollers > POLLER_GROUP.maxPollers) {
      const functions = [...new Set(members.map((member) => member.functionName))].join(', ');
      problems.push(`PollerGroupName '${name}': the MaximumPollers of its mappings (${functions}) add up to ${pollers}; a poller group allows at most ${POLLER_GROUP.maxPollers} (a mapping that sets none counts ${DEFAULT_MAXIMUM_POLLERS})`);
    }
  }
  return problems.length > 0 ? [{ problems }] : [];
}
