// The routing thread's entry: TypeScript through tsx, as the desk itself runs (bin/desk.js).
import { register } from 'tsx/esm/api';

register();
await import('./routing-thread.ts');
