/**
 * The records of a safe's encrypted file, in one place: how a copy in memory
 * is written as a snapshot (head, then chunks of the name order), and how a
 * chunk is read back into members. The cache (offline-cache.ts) decides when.
 */
import type { Member, TeamSafe } from '../../../shared/api/schemas.ts';
import { CacheCorruptError, CacheFormatError, JsonFields } from './encrypted-file.ts';
import type { MemberChunk, MemberCounts } from './member-index.ts';
import type { SafeReplica } from './offline-cache.ts';

/**
 * The snapshot's layout, in its head: a snapshot of another (an earlier
 * release's, without the invitations' expiry) is not read; the copy is made
 * anew from the server.
 */
export const SNAPSHOT_LAYOUT = 2;

/** Members per snapshot record: one is decrypted and parsed in a few milliseconds. */
export const CHUNK_MEMBERS = 2000;

/**
 * A safe's file: a snapshot (its head, then its members in `chunks` records
 * of the name order in `language`, with their search keys), then deltas.
 * Counts travel with the head and each delta, so the first rows and the
 * right figures are known before every chunk is read.
 */
export interface SnapshotHead {
  kind: 'snapshot';
  layout: typeof SNAPSHOT_LAYOUT;
  safe: TeamSafe;
  cursor: string;
  syncedAt: string;
  language: string;
  counts: MemberCounts;
  chunks: number;
}
/**
 * A chunk's members column by column (no field name repeated per member):
 * quicker to write and to read than an array of objects, and smaller.
 */
interface MembersChunk {
  kind: 'members';
  id: string[];
  name: string[];
  email: string[];
  role: Member['role'][];
  status: Member['status'][];
  language: Member['language'][];
  invitedAt: string[];
  activatedAt: (string | null)[];
  invitationExpiresAt: (string | null)[];
  version: number[];
  folded: string[];
}
export interface DeltaRecord {
  kind: 'delta';
  safe: TeamSafe;
  upserts: Member[];
  removed: string[];
  cursor: string;
  syncedAt: string;
  counts: MemberCounts;
}
type SafeRecord = SnapshotHead | MembersChunk | DeltaRecord;

/** The snapshot's records: its head, then the members in the name order of `language`, a chunk at a time. */
export function* snapshotOf(
  replica: Omit<SafeReplica, 'complete'>,
  language: string,
): Generator<SafeRecord | JsonFields> {
  const { safe, cursor, syncedAt, index } = replica;
  const chunks = Math.ceil(index.size / CHUNK_MEMBERS);
  yield { kind: 'snapshot', layout: SNAPSHOT_LAYOUT, safe, cursor, syncedAt, language, counts: index.counts(), chunks };
  for (const { members, folded } of index.chunks(language, CHUNK_MEMBERS)) {
    const chunk: MembersChunk = {
      kind: 'members',
      id: [],
      name: [],
      email: [],
      role: [],
      status: [],
      language: [],
      invitedAt: [],
      activatedAt: [],
      invitationExpiresAt: [],
      version: [],
      folded,
    };
    for (const member of members) {
      chunk.id.push(member.id);
      chunk.name.push(member.name);
      chunk.email.push(member.email);
      chunk.role.push(member.role);
      chunk.status.push(member.status);
      chunk.language.push(member.language);
      chunk.invitedAt.push(member.invitedAt);
      chunk.activatedAt.push(member.activatedAt);
      chunk.invitationExpiresAt.push(member.invitationExpiresAt);
      chunk.version.push(member.version);
    }
    // Column by column: only the name columns are two-byte text when a name is.
    yield new JsonFields(chunk);
  }
}

/** A file's first record as a snapshot head of this layout; an earlier release's is a format error (made anew). */
export function snapshotHead(record: unknown): SnapshotHead {
  const head = record as Partial<SnapshotHead> | null;
  if (head?.kind !== 'snapshot' || !('chunks' in head) || head.layout !== SNAPSHOT_LAYOUT)
    throw new CacheFormatError('a snapshot of an earlier release');
  return head as SnapshotHead;
}

export function chunkAt(record: unknown): MemberChunk {
  const chunk = record as MembersChunk;
  if (chunk.kind !== 'members') throw new CacheCorruptError('a record out of place');
  const members: Member[] = new Array<Member>(chunk.id.length);
  for (let at = 0; at < members.length; at += 1) {
    members[at] = {
      id: chunk.id[at]!,
      name: chunk.name[at]!,
      email: chunk.email[at]!,
      role: chunk.role[at]!,
      status: chunk.status[at]!,
      language: chunk.language[at]!,
      invitedAt: chunk.invitedAt[at]!,
      activatedAt: chunk.activatedAt[at] ?? null,
      invitationExpiresAt: chunk.invitationExpiresAt[at] ?? null,
      version: chunk.version[at]!,
    };
  }
  return { members, folded: chunk.folded };
}
