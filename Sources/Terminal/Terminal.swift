import CNCurses
import Workbench
public enum TerminalModule {}
