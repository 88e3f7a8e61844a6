// docs/stress.md's commands (helpers/doc-commands.ts) in a file of their own: they run stress
// studies on the worker pool and use no other page's store, so they run beside the other pages.
import { describeDocCommands } from '../helpers/doc-commands.js';

describeDocCommands('docs/stress.md: the commands run as written', ['docs/stress.md'], 4);
