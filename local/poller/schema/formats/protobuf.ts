import protobuf from 'protobufjs';
import { DeserializationError } from '../errors';
import type { CompiledSchema, SchemaReference } from './compiled-schema';

/** The message types of a .proto file in declaration order, nested ones under their parent, as message indexes count them. */
interface MessageTree {
  type: protobuf.Type;
  nested: MessageTree[];
}

function messageTrees(namespace: protobuf.NamespaceBase): MessageTree[] {
  return namespace.nestedArray.flatMap((child) => {
    if (child instanceof protobuf.Type) return [{ type: child, nested: messageTrees(child) }];
    if (child instanceof protobuf.Namespace) return messageTrees(child);
    return [];
  });
}

/** The message trees of `own` (the schema's own file), with their types taken from `root` (which holds its imports too). */
function resolvedTrees(own: MessageTree[], root: protobuf.Root): MessageTree[] {
  return own.map(({ type, nested }) => ({ type: root.lookupType(type.fullName), nested: resolvedTrees(nested, root) }));
}

/** Google's well-known types (`google/protobuf/timestamp.proto`, ...), which registries do not store as references. */
function addWellKnownImports(root: protobuf.Root, imports: readonly string[]): void {
  for (const name of new Set(imports)) {
    const known = protobuf.common.get(name) as protobuf.INamespace | null;
    if (known?.nested) root.addJSON(known.nested);
  }
}

/**
 * Protobuf with protobufjs. Confluent frames a payload with the message's indexes (a zigzag
 * varint count, then each index; a lone 0 means the first message); Glue with one varint. The
 * indexes pick the message type of the schema's own .proto file; its imports are its references.
 */
export function compileProtobuf(schema: string, references: SchemaReference[]): CompiledSchema {
  // Field names in lowerCamelCase, as Protobuf's JSON mapping writes them (`user_id` is "userId").
  const root = new protobuf.Root();
  const imports: string[] = [];
  for (const { schema: text } of references) imports.push(...(protobuf.parse(text, root).imports ?? []));
  const parsed = protobuf.parse(schema, root);
  const referenced = new Set(references.map(({ name }) => name));
  addWellKnownImports(root, [...imports, ...(parsed.imports ?? []), ...(parsed.weakImports ?? [])].filter((name) => !referenced.has(name)));
  root.resolveAll();
  const messages = resolvedTrees(messageTrees(protobuf.parse(schema).root), root);
  if (messages.length === 0) throw new Error('the .proto schema declares no message');
  return {
    dataFormat: 'PROTOBUF',
    decode(payload, registry) {
      try {
        const reader = protobuf.Reader.create(payload);
        const type = registry === 'confluent' ? messageAt(messages, confluentIndexes(reader)) : messageAt(messages, [reader.uint32()]);
        const message = type.decode(reader);
        return JSON.stringify(type.toObject(message, { longs: String, enums: String, bytes: String }));
      } catch (error) {
        throw new DeserializationError(`the bytes are not a Protobuf message of the schema: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

function confluentIndexes(reader: protobuf.Reader): number[] {
  const count = reader.sint32();
  if (count === 0) return [0];
  return Array.from({ length: count }, () => reader.sint32());
}

function messageAt(messages: MessageTree[], indexes: number[]): protobuf.Type {
  let level = messages;
  let found: MessageTree | undefined;
  for (const index of indexes) {
    found = level[index];
    if (!found) throw new Error(`message index ${indexes.join('.')} names no message of the schema`);
    level = found.nested;
  }
  return found!.type;
}
