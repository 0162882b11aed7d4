# A thread-state timeline (Gantt chart): one row per thread, one coloured
# bar per interval the thread spent in a state.  Orange, purple and dark red
# are waiting on someone else (a send, a reply, a fault), pale blue is
# waiting for work (style.gp has the colours).  A component whose behavior
# stopped it for good has (hung) or (crashed) after its row's name, and a
# black line across its row where that happened.
# Variables set before this: fig_title, fig_xlabel, fig_ylabel, datafile,
# tracks (row names, top to bottom), states (one per data block of datafile:
# start, end, row), xfrom, xto, marks (1: the block after the states' holds
# the moments to mark: time, row, what).
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
     fs solid 1.0 noborder lc rgb state_color(states[k]) title states[k], \
     for [m=1:marks] datafile index |states| using 1:($2 - 0.48):(0):(0.96) \
       with vectors nohead lw 3 lc rgb '#000000' title 'hangs or crashes here', \
     for [m=1:marks] datafile index |states| using 1:2:3 \
       with labels left offset 0.5, 0 tc rgb '#000000' notitle
