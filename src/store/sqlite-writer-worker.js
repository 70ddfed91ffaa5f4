// The SQLite writer thread's entry: TypeScript through tsx, as the desk itself runs (bin/desk.js).
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer-thread.ts');
