/* What the files of the gnuplot driver (sim/plot*.c) share and its callers
 * do not need: the plot folder, the pieces a script's header of variables
 * and a data file are made of, and the writing and drawing of a figure.
 * Every string that reaches a script goes through plot_var_string() or
 * plot_var_array(), which quote it as plot_script_string() does. */
#ifndef MKSIM_PLOT_PRIV_H
#define MKSIM_PLOT_PRIV_H

#include "sim/plot.h"

#define PLOT_WIDTH        1000      /* pixels of a PNG (SVG alike) */
#define PLOT_HEIGHT       600

struct _PlotSet {
  char *dir;
  char *gnuplot;        /* NULL: data and scripts only */
  char *templates;      /* the folder holding PLOT_STYLE and the figures */
  bool pngcairo;
  GPtrArray *drawn;     /* char *: the figures whose images were drawn, in order */
};

/* How a script draws its SVG after its PNG. */
typedef enum {
  PLOT_SVG_REPLOT,      /* `replot`: one plot command */
  PLOT_SVG_REDRAW,      /* the figure again: a multiplot, which replot cannot repeat */
} PlotSvg;

/* Text for a comment line of a script or data file: nothing in it may end
 * the line.  Newly allocated. */
char *plot_comment (const char *text);

/* Lines of a script's header: `name = value` and gnuplot arrays. */
void  plot_var_string (GString *s, const char *name, const char *value);
void  plot_var_int (GString *s, const char *name, long value);
void  plot_var_double (GString *s, const char *name, double value);
void  plot_var_array (GString *s, const char *name, const char *const *items, size_t n);
void  plot_var_int_array (GString *s, const char *name, const int *items, size_t n);
void  plot_var_double_array (GString *s, const char *name, const double *items, size_t n);
/* fig_title, fig_xlabel, fig_ylabel and datafile. */
void  plot_var_text (GString *s, const PlotText *text, const char *datafile);

/* The first lines of a data file: what it holds, as comments. */
void  plot_dat_header (GString *dat, const PlotText *text, const char *columns);
/* " number" in the C locale, " ?" (gnuplot's missing) if not finite. */
void  plot_dat_double (GString *s, double v);

/* Writes `text` to `file` in the plot folder (whole or not at all). */
bool  plot_write (const PlotSet *p, const char *file, const char *text, GError **error);
/* Writes NAME.gp from `vars` and the template, and draws it if it can. */
bool  plot_render (PlotSet *p, const char *name, const char *what, const char *vars,
                   const char *template, int height, PlotSvg svg_by, GError **error);

#endif
