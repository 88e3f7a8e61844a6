// Every `paysim …` command in README.md's fenced blocks runs as written (helpers/doc-commands.ts).
import { describeDocCommands } from '../helpers/doc-commands.js';

describeDocCommands('README.md: the commands run as written', ['README.md']);
