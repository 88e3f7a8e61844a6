// Every `paysim …` command in docs/*.md's fenced blocks runs as written (helpers/doc-commands.ts).
// A separate file from README's, so the two run side by side.
import { describeDocCommands, docPages } from '../helpers/doc-commands.js';

describeDocCommands('docs/: the commands run as written', docPages());
