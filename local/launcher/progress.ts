/** Where a long step says how it goes: one line at a time, as the launchers print them. */
export type Progress = (line: string) => void;
