# Clustered bars: one group per row of datafile (its first column names it),
# one bar per series, with the 95 % confidence interval over replications as
# an error bar when there are several runs.
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile,
# series (bar names), strategies (1: series are strategies), colour_of
# (each series' strategy), parts (unused here), key_below (long series
# names: one a line), with_ci, logy,
# allzero (1: every value is 0), ymin, ymax (room for the error bars).
set title fig_title
set xlabel fig_xlabel
set ylabel fig_ylabel
set style data histograms
if (with_ci) { set style histogram errorbars gap 2 lw 1.2 } else { set style histogram clustered gap 2 }
set boxwidth 0.9
set grid noxtics
# The key below, with room for it and for names of two lines (a note).
if (key_below) {
  set key outside below center vertical
  set bmargin 5 + |series|
} else {
  set key outside below center horizontal
  set bmargin 7
}
if (logy) { set logscale y; set format y '%g' }
set yrange [ymin:ymax]
if (allzero) { set label 10 'all zero' at graph 0.5, graph 0.5 center tc rgb '#666666' }
bar_color(j) = strategies ? strategy_color(colour_of[j]) : series_color(j)
# A row's note (sync-rpc [8 never resolved]) goes on a line of its own.
nl = sprintf('%c', 10)
row_name(s) = strstrt(s, ' [') > 0 ? s[1:strstrt(s, ' [') - 1] . nl . s[strstrt(s, ' [') + 1:] : s
if (with_ci) {
  plot for [j=1:|series|] datafile using (column(2 * j)):(column(2 * j + 1)):xtic(row_name(strcol(1))) \
       lc rgb bar_color(j) title series[j]
} else {
  plot for [j=1:|series|] datafile using (column(2 * j)):xtic(row_name(strcol(1))) \
       lc rgb bar_color(j) title series[j]
}
