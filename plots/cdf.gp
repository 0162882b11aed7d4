# Cumulative distribution of a latency, one curve per strategy, log x: a
# curve further left is faster.  The y axis counts every case, also those
# that never got a latency (a fault never resolved, an event never
# delivered): a curve that ends below 1, running flat to the right edge,
# left that share undone, and the key says how many.  The dotted lines mark
# the median (p50) and the 99th percentile (p99) of all cases.
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile,
# names (strategies, one per data block of datafile: x, fraction of all
# cases at or below x), labels (their text in the key), xmax.
set title fig_title
set xlabel fig_xlabel
set ylabel fig_ylabel
set logscale x
set format x '%g'
set xrange [*:xmax]
set yrange [0:1.03]
set ytics 0, 0.1, 1
set key bottom right
set arrow 1 from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc rgb '#888888'
set arrow 2 from graph 0, first 0.99 to graph 1, first 0.99 nohead dt 3 lc rgb '#888888'
set label 1 'p50' at graph 0.01, first 0.5 offset 0, 0.7 tc rgb '#666666'
set label 2 'p99' at graph 0.01, first 0.99 offset 0, -0.7 tc rgb '#666666'
plot for [i=1:|names|] datafile index (i - 1) using 1:2 with steps lw 2.5 \
     lc rgb strategy_color(names[i]) dt strategy_dash(names[i]) title labels[i]
