import { Reader, Writer } from './wire';

/** ConfigResource type of a group: share-group settings (`share.record.lock.duration.ms`, ...) live there. */
const GROUP_RESOURCE = 32;
const SET = 0;

/** IncrementalAlterConfigs v1 (API key 44): SET `configs` on group `groupId`. */
export function encodeSetGroupConfigs(groupId: string, configs: Record<string, string>): Buffer {
  return new Writer()
    .compactArray([groupId], (writer, name) =>
      writer
        .int8(GROUP_RESOURCE)
        .compactString(name)
        .compactArray(Object.entries(configs), (inner, [key, value]) => inner.compactString(key).int8(SET).compactNullableString(value).emptyTaggedFields())
        .emptyTaggedFields(),
    )
    .boolean(false)
    .emptyTaggedFields()
    .toBuffer();
}

export function decodeSetGroupConfigs(body: Buffer): { errorCode: number; errorMessage: string | null }[] {
  const reader = new Reader(body);
  reader.int32();
  const responses = reader.compactArray((item) => {
    const response = { errorCode: item.int16(), errorMessage: item.compactNullableString() };
    item.int8();
    item.compactString();
    item.taggedFields();
    return response;
  });
  reader.taggedFields();
  return responses;
}
