// The one place the project includes curses. Wide-character API only.
#ifndef CHENGXIN_CNCURSESW_SHIM_H
#define CHENGXIN_CNCURSESW_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Macros that Swift cannot import, wrapped as inline functions.
static inline int cx_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cx_err(void) { return ERR; }
static inline int cx_ok(void) { return OK; }
static inline int cx_key_f(int n) { return KEY_F(n); }
static inline attr_t cx_a_bold(void) { return A_BOLD; }
static inline attr_t cx_a_reverse(void) { return A_REVERSE; }
static inline attr_t cx_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cx_a_dim(void) { return A_DIM; }
static inline attr_t cx_a_normal(void) { return A_NORMAL; }
static inline attr_t cx_color_pair(int n) { return COLOR_PAIR(n); }
static inline chtype cx_acs(char c) { return NCURSES_ACS(c); }
static inline int cx_lines(void) { return LINES; }
static inline int cx_cols(void) { return COLS; }
static inline WINDOW *cx_stdscr(void) { return stdscr; }
static inline int cx_colors(void) { return COLORS; }
static inline int cx_lc_all(void) { return LC_ALL; }
// Draws one grapheme (its scalars, base first) at a cell with the given attributes.
static inline int cx_put(int y, int x, const wchar_t *wcs, int n, attr_t attrs, short pair) {
    cchar_t cc;
    wchar_t buf[CCHARW_MAX + 1];
    int count = n < CCHARW_MAX ? n : CCHARW_MAX;
    for (int i = 0; i < count; i++) buf[i] = wcs[i];
    buf[count] = 0;
    if (setcchar(&cc, buf, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}
static inline int cx_put_acs(int y, int x, char c, attr_t attrs, short pair) {
    return mvaddch(y, x, NCURSES_ACS(c) | attrs | COLOR_PAIR(pair));
}
#endif
