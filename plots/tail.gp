# The tail of a latency distribution, one curve per strategy, log x and log
# y: for each x, the share of all cases (with a latency or not) not done
# within x.  The last percent shows as clearly as the first half: a curve
# that falls off the bottom finished everything; one that runs flat to the
# right edge left that share undone for good (a fault never resolved).
# Where a curve crosses a dotted line is its p50, p99 or p99.9.
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile
# (as cdf.gp: x, fraction of all cases at or below x), names, labels, xmax,
# ymin (below the smallest share one case can be).
set title fig_title
set xlabel fig_xlabel
set ylabel fig_ylabel
set logscale xy
set format x '%g'
set format y '%g'
set xrange [*:xmax]
set yrange [ymin:1.5]
set key bottom left
set arrow 1 from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc rgb '#888888'
set arrow 2 from graph 0, first 0.01 to graph 1, first 0.01 nohead dt 3 lc rgb '#888888'
set arrow 3 from graph 0, first 0.001 to graph 1, first 0.001 nohead dt 3 lc rgb '#888888'
set label 1 'p50' at graph 0.99, first 0.5 right offset 0, 0.7 tc rgb '#666666'
set label 2 'p99' at graph 0.99, first 0.01 right offset 0, 0.7 tc rgb '#666666'
set label 3 'p99.9' at graph 0.99, first 0.001 right offset 0, 0.7 tc rgb '#666666'
# A finished curve's last step goes to 0, off a log axis: draw it at ymin.
tail_share(f) = 1 - f > ymin ? 1 - f : ymin
plot for [i=1:|names|] datafile index (i - 1) using 1:(tail_share($2)) with steps lw 2.5 \
     lc rgb strategy_color(names[i]) dt strategy_dash(names[i]) title labels[i]
