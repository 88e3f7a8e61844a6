// docs/liquidity.md's commands (helpers/doc-commands.ts) in a file of their own: they reproduce the
// page's frontier figures and are the longest of the docs, and they use no other page's store, so
// they run beside the other pages instead of after them.
import { describeDocCommands } from '../helpers/doc-commands.js';

describeDocCommands('docs/liquidity.md: the commands run as written', ['docs/liquidity.md'], 5);
