/* `mksim merge FILE... [--json OUT] [--csv F] [--plot DIR]` (see merge.h):
 * the shards read back into one batch, summarised as compare and sweep
 * summarise theirs, and written by the same writers. */
#include "sim/merge.h"

#include <stdio.h>
#include <string.h>

#include "sim/batch.h"
#include "sim/batch_report.h"
#include "sim/cli.h"
#include "sim/compare_plots.h"
#include "sim/merge_read.h"
#include "sim/outfile.h"
#include "sim/plot.h"

typedef struct {
  char *json, *csv, *plot;
  gboolean quiet;
} MergeOptions;

static void
merge_options_clear (MergeOptions *o)
{
  g_free (o->json);
  g_free (o->csv);
  g_free (o->plot);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MergeOptions, merge_options_clear)

/* The outputs of the merged batch: the table unless an output goes to
 * stdout, the JSON, the CSV, a sweep's figures.  Each is tried even if one
 * before failed. */
static MksimExit
merge_write (Batch *b, const MergeOptions *o)
{
  bool to_stdout = (o->json != NULL && strcmp (o->json, "-") == 0)
                   || (o->csv != NULL && strcmp (o->csv, "-") == 0);
  OutFile *json = NULL, *csv = NULL;
  g_autoptr (PlotSet) plots = NULL;
  g_autoptr (GError) error = NULL;
  MksimExit status = MKSIM_EXIT_OK;

  if (!cli_open_output ("merge", o->json, &json) || !cli_open_output ("merge", o->csv, &csv))
    {
      outfile_abort (json);
      return MKSIM_EXIT_FAILED;
    }
  if (o->plot != NULL && (plots = plot_set_new (o->plot, &error)) == NULL)
    {
      cli_message ("merge", "%s", error->message);
      outfile_abort (json);
      outfile_abort (csv);
      return MKSIM_EXIT_FAILED;
    }
  if (!o->quiet && !to_stdout)
    batch_report_text (b, stdout);
  if (json != NULL)
    {
      g_autofree char *text = batch_report_json (b);

      fputs (text, outfile_stream (json));
    }
  if (csv != NULL)
    batch_report_csv (b, outfile_stream (csv));
  if (!cli_commit_output ("merge", json) || !cli_commit_output ("merge", csv))
    status = MKSIM_EXIT_FAILED;
  if (plots != NULL && !compare_plots_sweep (b, plots, o->quiet))
    status = MKSIM_EXIT_FAILED;
  if (!cli_flush_stdout ("merge"))
    status = MKSIM_EXIT_FAILED;
  return status;
}

int
merge_main (int argc, char **argv)
{
  g_auto (MergeOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &o.json,
      "Write every run and the summary as JSON to F (- = stdout), as one run of the whole "
      "study writes it", "F" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o.csv,
      "Write a CSV header and one row per run to F (- = stdout)", "F" },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o.plot,
      "Draw a sweep's figures into folder DIR (made if missing)", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "No table on stdout", NULL },
    G_OPTION_ENTRY_NULL
  };
  Batch b = { .max_wall = -1 };
  g_auto (GStrv) sets = NULL;
  MksimExit status;

  if (!cli_parse ("merge", "SHARD.json...", "Combine the shards of a study into one output.",
                  "Each SHARD.json is the --json output of the same compare or sweep with\n"
                  "--shard I/N, for every I of 1..N, each once. The result is what one run of\n"
                  "the whole study writes. Shards of other scenarios, --set lines, parameters,\n"
                  "strategies, runs or mksim versions are refused, and a missing or doubled\n"
                  "shard is named.\n"
                  "Exit status: 0 done; 1 an output failed; 2 bad usage or shards.",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc < 2)
    return cli_usage_error ("merge", "no SHARD.json given");
  if (cli_check_output_name ("merge", "--json", o.json) != MKSIM_EXIT_OK
      || cli_check_output_name ("merge", "--csv", o.csv) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  if (o.plot != NULL && o.plot[0] == '\0')
    return cli_usage_error ("merge", "--plot wants a folder name, not an empty one");
  status = merge_read_shards (&b, (const char *const *) argv + 1, (size_t) argc - 1, &sets);
  if (status == MKSIM_EXIT_OK && o.plot != NULL && b.param == NULL)
    status = cli_usage_error ("merge", "--plot draws a sweep's figures only: compare's need "
                              "the latency samples and traces of every run, which shards do "
                              "not keep (run compare --plot on one machine)");
  if (status == MKSIM_EXIT_OK)
    {
      batch_summarise (&b);
      status = merge_write (&b, &o);
    }
  batch_clear (&b);
  return status;
}
