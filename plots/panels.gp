# Small multiples: one panel per figure, each on its own y axis from 0, one
# bar per strategy in the strategy's colour, the value written above it (and
# the 95 % confidence interval over replications as an error bar when there
# are several runs).  For figures of different units that a student reads
# side by side: what got done, what never did, who else suffered.
# Variables set before this: fig_title, datafile (one block per panel:
# bar, mean, ci95, value text), rows (strategies), panels (panel titles),
# ymax (one per panel), panel_lines, panel_cols, with_ci.
nl = sprintf('%c', 10)
# A long name breaks after each '-' so that the names do not collide in
# three panels side by side.
tic_name(s) = strlen(s) > 9 && strstrt(s, '-') > 0 ? \
  s[1:strstrt(s, '-')] . nl . tic_name(s[strstrt(s, '-') + 1:]) : s
set multiplot layout panel_lines, panel_cols title fig_title font ',12' \
    margins 0.07, 0.98, 0.10, 0.90 spacing 0.08, 0.16
set style fill solid 0.85 border -1
set boxwidth 0.65
set grid noxtics ytics
set key off
set xrange [0.4:|rows| + 0.6]
set xtics () scale 0 font ',10'
do for [i=1:|rows|] { set xtics add (tic_name(rows[i]) i) }
set format y '%g'
# (The error bars are drawn as vectors: yerrorbars leave a gap at the mean.)
do for [k=1:|panels|] {
  set title panels[k] font ',11'
  set yrange [0:ymax[k]]
  if (with_ci) {
    plot for [i=1:|rows|] datafile index (k - 1) every ::(i - 1)::(i - 1) using 1:2 \
           with boxes lc rgb strategy_color(rows[i]), \
         datafile index (k - 1) using 1:($2 - $3):(0):(2 * $3) \
           with vectors heads size screen 0.01, 90 lc rgb '#333333', \
         datafile index (k - 1) using 1:($2 + $3):4 with labels offset 0, 0.8 font ',10'
  } else {
    plot for [i=1:|rows|] datafile index (k - 1) every ::(i - 1)::(i - 1) using 1:2 \
           with boxes lc rgb strategy_color(rows[i]), \
         datafile index (k - 1) using 1:2:4 with labels offset 0, 0.8 font ',10'
  }
}
unset multiplot
