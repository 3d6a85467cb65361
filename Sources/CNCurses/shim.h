#ifndef GRIDDESK_CNCURSES_SHIM_H
#define GRIDDESK_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here,
// before curses.h is read; without it get_wch, cchar_t and setcchar are not declared.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot import function-like macros, and Swift 6 rejects the mutable globals
// (stdscr, LINES, COLS, COLORS, ESCDELAY); wrap each with a gd_ prefix.
static inline WINDOW *gd_stdscr(void) { return stdscr; }
static inline int gd_lines(void) { return LINES; }
static inline int gd_cols(void) { return COLS; }
static inline int gd_colors(void) { return COLORS; }
static inline int gd_color_pairs(void) { return COLOR_PAIRS; }
static inline int gd_escdelay(void) { return ESCDELAY; }
static inline int gd_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int gd_key_f(int n) { return KEY_F(n); }
static inline attr_t gd_a_normal(void) { return A_NORMAL; }
static inline attr_t gd_a_bold(void) { return A_BOLD; }
static inline attr_t gd_a_dim(void) { return A_DIM; }
static inline attr_t gd_a_reverse(void) { return A_REVERSE; }
static inline attr_t gd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gd_a_standout(void) { return A_STANDOUT; }
static inline attr_t gd_a_italic(void) { return A_ITALIC; }
static inline int gd_wcwidth(wchar_t c) { return wcwidth(c); }
static inline const char *gd_codeset(void) { return nl_langinfo(CODESET); }
static inline int gd_lc_all(void) { return LC_ALL; }
static inline int gd_lc_ctype(void) { return LC_CTYPE; }

// Puts one wide character with attributes and an extended colour pair at the cursor.
static inline int gd_put_wch(WINDOW *w, int y, int x, wchar_t ch, attr_t attrs, int pair) {
  cchar_t cc;
  wchar_t wstr[2] = {ch, L'\0'};
  setcchar(&cc, wstr, attrs, 0, &pair);
  return mvwadd_wch(w, y, x, &cc);
}

// Sets the attributes and extended colour pair used by the following wide-string writes.
static inline int gd_wattr_set(WINDOW *w, attr_t attrs, int pair) {
  return wattr_set(w, attrs, (short)(pair < 32767 ? pair : 0), &pair);
}

static inline int gd_mvwaddnwstr(WINDOW *w, int y, int x, const wchar_t *s, int n) {
  return mvwaddnwstr(w, y, x, s, n);
}
// Puts one cell: a spacing character followed by up to four combining ones (a null-terminated wide
// string), with attributes and an extended colour pair (beyond the 256 that COLOR_PAIR can hold).
static inline int gd_put_cchar(WINDOW *w, int y, int x, const wchar_t *s, attr_t attrs, int pair) {
  cchar_t cc;
  if (setcchar(&cc, s, attrs, 0, &pair) == ERR) return ERR;
  return mvwadd_wch(w, y, x, &cc);
}

// newterm on the process's own stdin/stdout (globals Swift 6 will not touch); NULL term means $TERM.
// Unlike initscr it returns NULL on a bad TERM instead of exiting the process.
static inline SCREEN *gd_newterm(const char *term) { return newterm(term, stdout, stdin); }

// wget_wch with the character widened to a plain unsigned int.
static inline int gd_wget_wch(WINDOW *w, unsigned int *out) {
  wint_t c = 0;
  int r = wget_wch(w, &c);
  *out = (unsigned int)c;
  return r;
}

static inline int gd_ok(void) { return OK; }
static inline int gd_err(void) { return ERR; }
static inline int gd_key_code_yes(void) { return KEY_CODE_YES; }

// Whether the terminal description can address the cursor (a "dumb" terminal cannot run the workbench).
static inline int gd_can_address_cursor(void) {
  const char *cup = tigetstr("cup");
  return cup != NULL && cup != (const char *)-1;
}
#endif
