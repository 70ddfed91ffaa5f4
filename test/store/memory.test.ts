import { openMemoryStore } from '../../src/store/memory.ts';
import { storeContract } from './contract.ts';

storeContract('memory', () => ({ store: openMemoryStore() }));
