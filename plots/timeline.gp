# A thread-state timeline (Gantt chart): one row per thread, one coloured
# bar per interval the thread spent in a state.  Orange, purple and dark red
# are waiting on someone else (a send, a reply, a fault), pale blue is
# waiting for work (style.gp has the colours).
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile,
# tracks (row names, top to bottom), states (one per data block of datafile:
# start, end, row), xfrom, xto.
set title fig_title
set xlabel fig_xlabel
set ylabel fig_ylabel
set xrange [xfrom:xto]
set yrange [|tracks| - 0.4:-0.6]
set ytics () scale 0
do for [i=1:|tracks|] { set ytics add (tracks[i] i - 1) }
set grid xtics noytics
set key outside right top vertical
plot for [k=1:|states|] datafile index (k - 1) \
     using (($1 + $2) / 2):3:(($2 - $1) / 2):(0.38) with boxxyerror \
     fs solid 1.0 noborder lc rgb state_color(states[k]) title states[k]
