#ifndef NNS_CREADLINE_SHIM_H
#define NNS_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 rejects readline's mutable globals: reach them through static inline functions.
static inline void nns_rl_set_completion(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void nns_rl_set_completion_append(int c) { rl_completion_append_character = c; }
static inline void nns_rl_set_attempted_over(int v) { rl_attempted_completion_over = v; }
static inline void nns_rl_set_basic_word_break(const char *s) { rl_basic_word_break_characters = (char *)s; }
static inline const char *nns_rl_line_buffer(void) { return rl_line_buffer; }
static inline int nns_rl_point(void) { return rl_point; }
static inline void nns_rl_set_catch_signals(int v) { rl_catch_signals = v; }
static inline void nns_rl_set_readline_name(const char *s) { rl_readline_name = s; }
#endif
