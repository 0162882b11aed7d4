# Cumulative distribution of a latency, one curve per strategy, log x: a
# curve further left is faster.  The y axis counts every case, also those
# that never got a latency (a fault never resolved, an event never
# delivered).  Such cases are drawn where they belong, after everything
# else: the axis then runs to the end of the run (the dashed line), and a
# curve that has them runs flat to it and steps up to 1 there, inside the
# grey band at the right edge labelled as never done; the key says how
# many.  The dotted lines mark the median (p50) and the 99th percentile
# (p99) of all cases.
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile,
# names (strategies, one per data block of datafile: x, share done within
# x, share not done within x), labels (their text in the key), xmax (the
# right edge), band (1: some case was never done), xend (where the band
# begins: the end of the run), never_label, end_label.
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
if (band) {
  set object 1 rect from xend, graph 0 to xmax, graph 1 behind fc rgb '#e8e8e8' \
      fs solid 1.0 noborder
  set arrow 3 from xend, graph 0 to xend, graph 1 nohead dt 2 lw 1.5 lc rgb '#555555'
  set label 3 never_label at sqrt(xend * xmax), graph 0.45 center rotate by 90 \
      tc rgb '#333333'
  set label 4 end_label at xend, graph 0.45 center rotate by 90 offset -1, 0 \
      tc rgb '#555555'
  # Its entries say how many were never done: long lines, kept off the curves.
  set key outside below center
  set bmargin |names| + 5
}
plot for [i=1:|names|] datafile index (i - 1) using 1:2 with steps lw 2.5 \
     lc rgb strategy_color(names[i]) dt strategy_dash(names[i]) title labels[i]
