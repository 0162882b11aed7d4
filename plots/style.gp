# The look shared by every figure mksim draws: fonts, grid, and fixed colours
# for strategies and thread states (a strategy has the same colour in every
# figure).  mksim copies this file into each script it writes, so a folder of
# plots can be redrawn anywhere with 'gnuplot NAME.gp'; edit the copy to
# restyle one figure, or this file to restyle all future ones.
set encoding utf8
set border 3 lw 1.2
set tics nomirror out
set grid xtics ytics lc rgb '#dddddd' lw 1 dt 1
set key noautotitle box lc rgb '#bbbbbb' opaque Left reverse width 1
set style fill solid 0.85 border -1
set datafile missing '?'

strategy_color(s) = \
  s eq 'async-signal'        ? '#1b9e77' : \
  s eq 'sync-rpc'            ? '#d95f02' : \
  s eq 'local-region-mapper' ? '#7570b3' : \
  s eq 'ipc-timeout'         ? '#e7298a' : '#666666'

# Dashes tell strategies apart where their curves lie on top of each other.
strategy_dash(s) = \
  s eq 'async-signal'        ? 1 : \
  s eq 'sync-rpc'            ? 2 : \
  s eq 'local-region-mapper' ? 3 : \
  s eq 'ipc-timeout'         ? 4 : 5

# Point shapes likewise: circle, square, triangle, diamond.
strategy_point(s) = \
  s eq 'async-signal'        ? 7 : \
  s eq 'sync-rpc'            ? 5 : \
  s eq 'local-region-mapper' ? 9 : \
  s eq 'ipc-timeout'         ? 13 : 6

# Parts of one strategy's figure (causes of drops, 1, 2, ...), in that
# strategy's colour: solid circles, dashed squares, dotted triangles.
part_dash(k) = (k - 1) % 3 == 0 ? 1 : (k - 1) % 3 == 1 ? 2 : 3
part_point(k) = (k - 1) % 3 == 0 ? 7 : (k - 1) % 3 == 1 ? 5 : 9

# For series that are not strategies (percentiles, kinds of drops).
array palette[6] = ['#4477aa', '#66ccee', '#ee6677', '#ccbb44', '#228833', '#aa3377']
series_color(i) = palette[(i - 1) % 6 + 1]

# Thread states: running green, ready sand, waiting for work pale blues,
# asleep grey; waiting on someone else (the ones to look for) orange
# (send), purple (reply) and dark red (fault).  Taken from Okabe-Ito's and
# Paul Tol's colour-blind-safe sets: send and reply, the two a student must
# tell apart, differ in hue and lightness for every kind of colour blindness.
state_color(s) = \
  s eq 'running'        ? '#009e73' : \
  s eq 'ready'          ? '#ddcc77' : \
  s eq 'blocked_recv'   ? '#c6dbef' : \
  s eq 'blocked_signal' ? '#77aadd' : \
  s eq 'sleeping'       ? '#bbbbbb' : \
  s eq 'blocked_io'     ? '#999933' : \
  s eq 'blocked_send'   ? '#ee7733' : \
  s eq 'blocked_reply'  ? '#aa3377' : \
  s eq 'blocked_fault'  ? '#a50f15' : \
  s eq 'dead'           ? '#222222' : '#000000'
