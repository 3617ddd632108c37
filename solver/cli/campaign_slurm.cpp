#include "campaign_slurm.hpp"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "campaign_local.hpp"
#include "postprocess/atomic_file.hpp"

namespace rackflow::cli {

namespace fs = std::filesystem;

namespace {

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// The #SBATCH lines every job shares, and the resources of one scenario.
std::string header(const CampaignSpec& c, const SlurmOptions& o, const std::string& job, const fs::path& logs,
                   bool scenario_resources, const std::string& log_pattern) {
  std::string h = "#!/bin/bash\n#SBATCH --job-name=" + c.name + "-" + job + "\n#SBATCH --output=" +
                  (logs / log_pattern).string() + "\n#SBATCH --time=" + slurm_time(o.job.time_limit_s) + "\n";
  if (!o.job.partition.empty()) h += "#SBATCH --partition=" + o.job.partition + "\n";
  if (!o.job.account.empty()) h += "#SBATCH --account=" + o.job.account + "\n";
  if (!scenario_resources) return h + "#SBATCH --ntasks=1\n";
  if (o.job.gpus_per_task > 0) {
    // One rank per GPU; the rank picks its GPU by its local rank before MPI starts.
    const int per_node = std::min(o.ranks, o.job.gpus_per_task);
    const int nodes = (o.ranks + per_node - 1) / per_node;
    h += "#SBATCH --nodes=" + std::to_string(nodes) + "\n#SBATCH --ntasks-per-node=" + std::to_string(per_node) +
         "\n#SBATCH --gpus-per-node=" + std::to_string(per_node) + "\n";
  } else {
    h += "#SBATCH --ntasks=" + std::to_string(o.ranks) + "\n";
  }
  if (o.job.cpus_per_task > 0) h += "#SBATCH --cpus-per-task=" + std::to_string(o.job.cpus_per_task) + "\n";
  return h;
}

// The command that runs scenario "$name" in a job script.
std::string scenario_command(const CampaignSpec& c, const fs::path& dir, const SlurmOptions& o) {
  std::string body = "set -euo pipefail\n";
  // Slurm grants CPUs but does not say so to OpenMP: without this a 1-CPU task would start a
  // thread per core of the node.
  body += "export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n";
  std::string launch;
  if (o.ranks > 1) {
    // Debian's OpenMPI reads the allocation from Slurm; as root it must be told it may run.
    body += "root_flag=()\n[[ $(id -u) -eq 0 ]] && root_flag=(--allow-run-as-root)\n";
    launch = "mpirun -np \"${SLURM_NTASKS}\" \"${root_flag[@]}\" ";
  }
  body += launch + quoted(self_path()) + " campaign " + quoted(fs::absolute(c.file).string()) + " --out " +
          quoted(fs::absolute(dir).string()) + " --scenario \"$name\" --quiet" +
          (o.backend.empty() ? "" : " --backend " + o.backend) + "\n";
  return body;
}

void write_script(const fs::path& file, const std::string& text) {
  post::write_file_atomically(file, text);
  fs::permissions(file, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
}

// Runs a command, returning its output; throws with the output when it fails.
std::string run_command(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>&1").c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
  const int status = pclose(pipe.release());
  if (status != 0)
    throw std::runtime_error(command + " failed (exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                             "):\n" + out);
  return out;
}

}  // namespace

std::string slurm_time(double seconds) {
  const long long minutes = std::max(1LL, (long long)std::ceil(seconds / 60.0));
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%lld-%02lld:%02lld:00", minutes / 1440, minutes / 60 % 24, minutes % 60);
  return buffer;
}

void submit_campaign(const CampaignSpec& c, const ExpandedCampaign& e, const std::vector<std::size_t>& todo,
                     const fs::path& campaign_dir, const SlurmOptions& o) {
  const fs::path dir = fs::absolute(campaign_dir);
  const fs::path slurm = dir / "slurm", logs = slurm / "logs";
  fs::create_directories(logs);
  const bool baseline = !todo.empty() && todo.front() == 0;
  std::string indices;
  bool warm = false;
  for (std::size_t k : todo) {
    if (k == 0) continue;
    indices += (indices.empty() ? "" : ",") + std::to_string(k);
    warm = warm || e.scenarios[k].warm_start;
  }
  std::string names = "names=(";
  for (const Scenario& s : e.scenarios) names += " " + quoted(s.name);
  names += " )\n";

  if (baseline)
    write_script(slurm / "baseline.sbatch", header(c, o, "baseline", logs, true, "%x-%j.out") + "name=baseline\n" +
                                                scenario_command(c, dir, o));
  if (!indices.empty())
    write_script(slurm / "scenarios.sbatch", header(c, o, "scenarios", logs, true, "%x-%A_%a.out") +
                                                 "#SBATCH --array=" + indices + "\n" + names +
                                                 "name=\"${names[$SLURM_ARRAY_TASK_ID]}\"\n" +
                                                 scenario_command(c, dir, o));
  write_script(slurm / "gather.sbatch", header(c, o, "gather", logs, false, "%x-%j.out") + "set -euo pipefail\n" +
                                            quoted(self_path()) + " campaign " + quoted(fs::absolute(c.file).string()) +
                                            " --out " + quoted(dir.string()) + " --gather\n");
  // sbatch --parsable prints "id" or "id;cluster".
  std::string submit =
      "#!/bin/bash\n# Submits campaign " + c.name + ": " + (baseline ? "the baseline, " : "") +
      (indices.empty() ? "" : "the scenarios as an array" + std::string(baseline && warm ? " after it (afterok)" : "") + ", ") +
      "then the gather job after everything (afterany, so that it reports failed tasks too).\n"
      "set -euo pipefail\ncd " + quoted(slurm.string()) + "\nid() { local out; out=$(sbatch --parsable \"$@\"); echo \"${out%%;*}\"; }\n"
      "after=\n";
  if (baseline) submit += "baseline=$(id baseline.sbatch)\necho \"baseline ${baseline}\"\nafter=${baseline}\n";
  if (!indices.empty()) {
    const std::string dep = baseline && warm ? "--dependency=afterok:${baseline} --kill-on-invalid-dep=yes " : "";
    submit += "array=$(id " + dep + "scenarios.sbatch)\necho \"scenarios ${array}\"\nafter=${after:+${after}:}${array}\n";
  }
  submit += "gather=$(id ${after:+--dependency=afterany:${after}} gather.sbatch)\necho \"gather ${gather}\"\n";
  write_script(slurm / "submit.sh", submit);
  // Scripts of an earlier submission that this one does not use would read as current.
  if (!baseline) fs::remove(slurm / "baseline.sbatch");
  if (indices.empty()) fs::remove(slurm / "scenarios.sbatch");
  if (o.dry_run) {
    std::printf("slurm: wrote %s/{%s%sgather.sbatch,submit.sh}; submit with: bash %s\n", slurm.c_str(),
                baseline ? "baseline.sbatch," : "", indices.empty() ? "" : "scenarios.sbatch,",
                (slurm / "submit.sh").c_str());
    return;
  }
  std::printf("%s", run_command("bash " + quoted((slurm / "submit.sh").string())).c_str());
  std::printf("slurm: logs in %s; the report appears in %s when the gather job has run\n", logs.c_str(),
              (dir / "campaign.md").c_str());
}

}  // namespace rackflow::cli
