# One line per series over the rows of datafile (columns: x, label, then a
# mean and a 95 % CI half-width per series), with the interval as error
# bars.  Categorical rows are evenly spaced and named by their label.
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile,
# series, strategies (1: series are strategies), colour_of (each series'
# strategy), parts (0, or the part of its strategy's figure a series is:
# 1, 2, ... pick its dash and point), categorical, logx, logy, allzero,
# ymin, ymax (room for the error bars), key_below (long series names).
set title fig_title
set xlabel fig_xlabel
set ylabel fig_ylabel
# Long names go below, one a line, with room made for them (gnuplot's own
# margin lets a key below run into the x label).
if (key_below) {
  set key outside below center vertical
  set bmargin 5 + |series|
} else {
  set key outside right top vertical
}
set offsets graph 0.03, graph 0.03, 0, 0
if (logx) { set logscale x; set format x '%g' }
if (logy) { set logscale y; set format y '%g' }
set yrange [ymin:ymax]
if (allzero) { set label 10 'all zero' at graph 0.5, graph 0.5 center tc rgb '#666666' }
line_color(i) = strategies ? strategy_color(colour_of[i]) : series_color(i)
line_dash(i) = parts[i] > 0 ? part_dash(parts[i]) : strategies ? strategy_dash(colour_of[i]) : 1
line_point(i) = parts[i] > 0 ? part_point(parts[i]) : strategies ? strategy_point(colour_of[i]) : 7
if (categorical) {
  plot for [i=1:|series|] datafile using 1:(column(2 * i + 1)):(column(2 * i + 2)):xtic(2) \
       with yerrorlines lw 2 pt line_point(i) ps 1.1 lc rgb line_color(i) dt line_dash(i) title series[i]
} else {
  plot for [i=1:|series|] datafile using 1:(column(2 * i + 1)):(column(2 * i + 2)) \
       with yerrorlines lw 2 pt line_point(i) ps 1.1 lc rgb line_color(i) dt line_dash(i) title series[i]
}
