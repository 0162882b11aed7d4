# The tail of a latency distribution, one curve per strategy, log x and log
# y: for each x, the share of all cases (with a latency or not) not done
# within x.  The last percent shows as clearly as the first half: a curve
# that falls off the bottom finished everything; one that runs flat to the
# end of the run (the dashed line) and on across the grey band at the right
# edge left that share undone for good (a fault never resolved).
# Where a curve crosses a dotted line is its p50, p99 or p99.9.
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile
# (as cdf.gp: x, share done within x, share not done within x), names,
# labels, xmax, band, xend, never_label, end_label (as cdf.gp), ymin (below
# the smallest share one case can be).
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
if (band) {
  set object 1 rect from xend, graph 0 to xmax, graph 1 behind fc rgb '#e8e8e8' \
      fs solid 1.0 noborder
  set arrow 4 from xend, graph 0 to xend, graph 1 nohead dt 2 lw 1.5 lc rgb '#555555'
  set label 4 never_label at sqrt(xend * xmax), graph 0.45 center rotate by 90 \
      tc rgb '#333333'
  set label 5 end_label at xend, graph 0.45 center rotate by 90 offset -1, 0 \
      tc rgb '#555555'
  # Its entries say how many were never done: long lines, kept off the curves.
  set key outside below center
  set bmargin |names| + 5
  set label 1 at xend, first 0.5 right offset -2.2, 0.7
  set label 2 at xend, first 0.01 right offset -2.2, 0.7
  set label 3 at xend, first 0.001 right offset -2.2, 0.7
}
# A finished curve's last step goes to 0, off a log axis: draw it at ymin.
tail_share(f) = f > ymin ? f : ymin
plot for [i=1:|names|] datafile index (i - 1) using 1:(tail_share($3)) with steps lw 2.5 \
     lc rgb strategy_color(names[i]) dt strategy_dash(names[i]) title labels[i]
