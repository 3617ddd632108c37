#include "checkpoint.hpp"

#include <hdf5.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "checkpoint_region.hpp"
#include "comm_mpi.hpp"
#include "hdf5_handle.hpp"

namespace rackflow::solver {
namespace {

namespace fs = std::filesystem;

std::runtime_error failure(const fs::path& file, const std::string& what) {
  return std::runtime_error("checkpoint " + file.string() + ": " + what);
}

// Our messages name the file and the problem; HDF5's own stack dump would only bury them.
void silence_hdf5_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

fs::path part_path(const fs::path& file) { return fs::path(file.string() + ".part"); }

std::string cells_text(const std::array<long long, 3>& n) {
  std::ostringstream s;
  s << n[0] << " x " << n[1] << " x " << n[2];
  return s.str();
}

Hdf5Handle mpio_access(const Comm& comm) {
  Hdf5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_mpio(fapl.get(), mpi_comm(comm), MPI_INFO_NULL);
  // Metadata reads on every rank at once would hammer a parallel file system; collective
  // metadata has one rank read and broadcast.
  H5Pset_all_coll_metadata_ops(fapl.get(), true);
  H5Pset_coll_metadata_write(fapl.get(), true);
  return fapl;
}

Hdf5Handle collective_transfer() {
  Hdf5Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE);
  return dxpl;
}

Hdf5Handle string_type(std::size_t length) {
  Hdf5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), std::max<std::size_t>(length, 1));
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  return type;
}

// ---- writing ----------------------------------------------------------------------------

// Every step is agreed over the ranks: a failure that only one rank sees (a full disk under
// the rank that writes the metadata) must not leave the others in the next collective call.
class Writer {
 public:
  Writer(const fs::path& part, hid_t file, const Comm& comm) : part_(part), file_(file), comm_(comm) {}

  void agree(bool ok, const std::string& what) const {
    if (comm_.any(!ok)) throw failure(part_, what + (ok ? " (on another rank)" : ""));
  }

  void attribute(const char* name, hid_t type, const void* value, hsize_t count = 1) {
    Hdf5Handle space(H5Screate_simple(1, &count, nullptr), H5Sclose);
    Hdf5Handle a(H5Acreate2(file_, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    agree(a.valid() && H5Awrite(a.get(), type, value) >= 0, std::string("cannot write attribute ") + name);
  }
  void attribute(const char* name, const std::string& value) {
    const Hdf5Handle type = string_type(value.size());
    Hdf5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Hdf5Handle a(H5Acreate2(file_, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const std::string padded = value.empty() ? std::string(1, '\0') : value;
    agree(a.valid() && H5Awrite(a.get(), type.get(), padded.data()) >= 0, std::string("cannot write attribute ") + name);
  }

  // A 1-D dataset whose values are the same on every rank: rank 0 writes, the others take
  // part in the collective call with an empty selection.
  void root_dataset(hid_t parent, const char* name, hid_t type, hsize_t count, const void* data, bool root) {
    Hdf5Handle space(H5Screate_simple(1, &count, nullptr), H5Sclose);
    Hdf5Handle d(H5Dcreate2(parent, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
    agree(d.valid(), std::string("cannot create dataset ") + name);
    if (count == 0) return;
    Hdf5Handle memory(H5Screate_simple(1, &count, nullptr), H5Sclose);
    if (!root) {
      H5Sselect_none(memory.get());
      H5Sselect_none(space.get());
    }
    const Hdf5Handle dxpl = collective_transfer();
    agree(H5Dwrite(d.get(), type, memory.get(), space.get(), dxpl.get(), data) >= 0, std::string("cannot write dataset ") + name);
  }

  // One component at a time: each MPI-IO call then stays far below the 2 GiB that MPI's int
  // counts allow, even for a block of 1e8 cells.
  void field(hid_t group, const Grid& grid, const CheckpointField& field) {
    const auto global = global_padded_cells(grid);
    const hsize_t dims[4] = {hsize_t(field.components), hsize_t(global[2]), hsize_t(global[1]), hsize_t(global[0])};
    Hdf5Handle file_space(H5Screate_simple(4, dims, nullptr), H5Sclose);
    Hdf5Handle d(H5Dcreate2(group, field.name.c_str(), H5T_IEEE_F32LE, file_space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose);
    agree(d.valid(), "cannot create dataset /fields/" + field.name);

    const PaddedBox own = owned_region(grid), window = padded_window(grid);
    const hsize_t block_dims[3] = {hsize_t(grid.sz()), hsize_t(grid.sy()), hsize_t(grid.sx())};
    const hsize_t block_start[3] = {hsize_t(own.start[2] - window.start[2]), hsize_t(own.start[1] - window.start[1]),
                                    hsize_t(own.start[0] - window.start[0])};
    const hsize_t count[4] = {1, hsize_t(own.count[2]), hsize_t(own.count[1]), hsize_t(own.count[0])};
    Hdf5Handle memory(H5Screate_simple(3, block_dims, nullptr), H5Sclose);
    H5Sselect_hyperslab(memory.get(), H5S_SELECT_SET, block_start, nullptr, count + 1, nullptr);
    const Hdf5Handle dxpl = collective_transfer();
    for (int c = 0; c < field.components; ++c) {
      const hsize_t start[4] = {hsize_t(c), hsize_t(own.start[2]), hsize_t(own.start[1]), hsize_t(own.start[0])};
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
      const float* data = field.data.data() + std::size_t(c) * std::size_t(grid.cells_padded());
      agree(H5Dwrite(d.get(), H5T_NATIVE_FLOAT, memory.get(), file_space.get(), dxpl.get(), data) >= 0,
            "cannot write dataset /fields/" + field.name);
    }
  }

 private:
  fs::path part_;
  hid_t file_;
  const Comm& comm_;
};

// What is wrong with this rank's checkpoint, or "".
std::string local_problem(const Grid& grid, const Checkpoint& c) {
  std::set<std::string> names;
  for (const auto& f : c.fields) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "." || f.name == "..")
      return "field name '" + f.name + "' is not a plain dataset name";
    if (!names.insert(f.name).second) return "field '" + f.name + "' appears twice";
    if (f.components < 1) return "field '" + f.name + "' has " + std::to_string(f.components) + " components (at least 1)";
    const std::size_t expected = std::size_t(f.components) * std::size_t(grid.cells_padded());
    if (f.data.size() != expected)
      return "field '" + f.name + "' holds " + std::to_string(f.data.size()) + " values, its block's padded grid needs " +
             std::to_string(f.components) + " x " + std::to_string(grid.cells_padded()) + " = " + std::to_string(expected);
  }
  for (int a = 0; a < 3; ++a)
    if (grid.global[a] != c.header.global_cells[a])
      return "header grid " + cells_text(c.header.global_cells) + " cells is not the block's domain " +
             cells_text({grid.global[0], grid.global[1], grid.global[2]});
  return "";
}

// Every rank must create the same datasets; the sizes are compared so that a caller who
// breaks that contract gets an error, not a corrupt file.
bool same_on_every_rank(const Comm& comm, double value) { return comm.max(value) == comm.min(value); }

void write_file(const fs::path& part, const Comm& comm, const Grid& grid, const Checkpoint& c) {
  const Hdf5Handle fapl = mpio_access(comm);
  Hdf5Handle file(H5Fcreate(part.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose);
  if (comm.any(!file.valid())) throw failure(part, "cannot create the file");
  Writer w(part, file.get(), comm);

  const auto& h = c.header;
  w.attribute("format", kCheckpointFormat);
  const int version = kCheckpointVersion;
  w.attribute("version", H5T_NATIVE_INT, &version);
  w.attribute("case_sha256", h.case_sha256);
  w.attribute("global_cells", H5T_NATIVE_LLONG, h.global_cells.data(), 3);
  w.attribute("dx_m", H5T_NATIVE_DOUBLE, &h.dx_m);
  w.attribute("dt_s", H5T_NATIVE_DOUBLE, &h.dt_s);
  w.attribute("step", H5T_NATIVE_LLONG, &h.step);
  w.attribute("time_s", H5T_NATIVE_DOUBLE, &h.time_s);
  const int ranks = comm.size();
  w.attribute("ranks", H5T_NATIVE_INT, &ranks);

  // Creation order is kept so that the fields read back in the order they were written.
  Hdf5Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
  H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  Hdf5Handle fields(H5Gcreate2(file.get(), "fields", H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose);
  w.agree(fields.valid(), "cannot create group /fields");
  for (const auto& f : c.fields) w.field(fields.get(), grid, f);

  w.root_dataset(file.get(), "model", H5T_NATIVE_UINT8, c.model.size(), c.model.data(), comm.root());

  Hdf5Handle scalars(H5Gcreate2(file.get(), "scalars", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  w.agree(scalars.valid(), "cannot create group /scalars");
  std::size_t longest = 1;
  for (const auto& s : c.scalars) longest = std::max(longest, s.first.size());
  std::string names(longest * c.scalars.size(), '\0');
  std::vector<double> values;
  for (std::size_t i = 0; i < c.scalars.size(); ++i) {
    names.replace(i * longest, c.scalars[i].first.size(), c.scalars[i].first);
    values.push_back(c.scalars[i].second);
  }
  const Hdf5Handle name_type = string_type(longest);
  w.root_dataset(scalars.get(), "names", name_type.get(), c.scalars.size(), names.data(), comm.root());
  w.root_dataset(scalars.get(), "values", H5T_NATIVE_DOUBLE, values.size(), values.data(), comm.root());

  scalars.reset();
  fields.reset();
  // The close writes the metadata: a full disk often shows only here.
  w.agree(file.reset() >= 0, "closing the file failed");
}

// ---- reading ----------------------------------------------------------------------------

Hdf5Handle open_file(const fs::path& file, const Comm& comm) {
  if (!fs::exists(file)) throw failure(file, "no such file");
  if (H5Fis_hdf5(file.c_str()) <= 0) throw failure(file, "not an HDF5 file");
  const Hdf5Handle fapl = mpio_access(comm);
  Hdf5Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
  if (!f.valid()) throw failure(file, "HDF5 cannot open it");
  return f;
}

Hdf5Handle open_attribute(const fs::path& file, hid_t loc, const char* name) {
  if (H5Aexists(loc, name) <= 0) throw failure(file, std::string("no attribute '") + name + "' on the root group");
  return Hdf5Handle(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose);
}

template <class T>
void read_attribute(const fs::path& file, hid_t loc, const char* name, hid_t type, T* out, hssize_t count = 1) {
  const Hdf5Handle a = open_attribute(file, loc, name);
  Hdf5Handle space(H5Aget_space(a.get()), H5Sclose);
  if (H5Sget_simple_extent_npoints(space.get()) != count || H5Aread(a.get(), type, out) < 0)
    throw failure(file, std::string("attribute '") + name + "' is not " + std::to_string(count) + " number(s)");
}

std::string read_string_attribute(const fs::path& file, hid_t loc, const char* name) {
  const Hdf5Handle a = open_attribute(file, loc, name);
  Hdf5Handle type(H5Aget_type(a.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0)
    throw failure(file, std::string("attribute '") + name + "' is not a fixed-length string");
  std::string text(H5Tget_size(type.get()), '\0');
  if (H5Aread(a.get(), type.get(), text.data()) < 0) throw failure(file, std::string("cannot read attribute '") + name + "'");
  text.resize(text.find_last_not_of('\0') == std::string::npos ? 0 : text.find_last_not_of('\0') + 1);
  return text;
}

CheckpointHeader read_header(const fs::path& file, hid_t f) {
  const std::string format = read_string_attribute(file, f, "format");
  if (format != kCheckpointFormat)
    throw failure(file, "format is '" + format + "', expected '" + kCheckpointFormat + "'");
  int version = 0;
  read_attribute(file, f, "version", H5T_NATIVE_INT, &version);
  if (version != kCheckpointVersion)
    throw failure(file, "format version " + std::to_string(version) + ", this build reads version " +
                            std::to_string(kCheckpointVersion));
  CheckpointHeader h;
  h.case_sha256 = read_string_attribute(file, f, "case_sha256");
  read_attribute(file, f, "global_cells", H5T_NATIVE_LLONG, h.global_cells.data(), 3);
  read_attribute(file, f, "dx_m", H5T_NATIVE_DOUBLE, &h.dx_m);
  read_attribute(file, f, "dt_s", H5T_NATIVE_DOUBLE, &h.dt_s);
  read_attribute(file, f, "step", H5T_NATIVE_LLONG, &h.step);
  read_attribute(file, f, "time_s", H5T_NATIVE_DOUBLE, &h.time_s);
  read_attribute(file, f, "ranks", H5T_NATIVE_INT, &h.ranks);
  return h;
}

Hdf5Handle open_dataset(const fs::path& file, hid_t parent, const std::string& path) {
  if (H5Lexists(parent, path.c_str(), H5P_DEFAULT) <= 0) throw failure(file, "no dataset " + path);
  Hdf5Handle d(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!d.valid()) throw failure(file, path + " is not a dataset");
  return d;
}

// A read that failed on one rank fails on all, so that none waits in the next collective.
void agree_read(const Comm& comm, const fs::path& file, bool ok, const std::string& what) {
  if (comm.any(!ok)) throw failure(file, what + (ok ? " (on another rank)" : ""));
}

// A 1-D dataset, whole, on every rank.
template <class T>
std::vector<T> read_all(const Comm& comm, const fs::path& file, hid_t f, const std::string& path, hid_t type) {
  const Hdf5Handle d = open_dataset(file, f, path);
  Hdf5Handle space(H5Dget_space(d.get()), H5Sclose);
  if (H5Sget_simple_extent_ndims(space.get()) != 1) throw failure(file, path + " is not one-dimensional");
  std::vector<T> out(std::size_t(H5Sget_simple_extent_npoints(space.get())));
  const Hdf5Handle dxpl = collective_transfer();
  agree_read(comm, file, out.empty() || H5Dread(d.get(), type, H5S_ALL, H5S_ALL, dxpl.get(), out.data()) >= 0,
             "cannot read " + path);
  return out;
}

CheckpointField read_field(const Comm& comm, const fs::path& file, hid_t group, const std::string& name, const Grid& grid) {
  const std::string path = "/fields/" + name;
  const Hdf5Handle d = open_dataset(file, group, name);
  Hdf5Handle file_space(H5Dget_space(d.get()), H5Sclose);
  hsize_t dims[4] = {0, 0, 0, 0};
  const auto global = global_padded_cells(grid);
  if (H5Sget_simple_extent_ndims(file_space.get()) != 4 || H5Sget_simple_extent_dims(file_space.get(), dims, nullptr) != 4 ||
      dims[0] < 1 || dims[1] != hsize_t(global[2]) || dims[2] != hsize_t(global[1]) || dims[3] != hsize_t(global[0])) {
    std::ostringstream s;
    s << path << " has shape (" << dims[0] << ", " << dims[1] << ", " << dims[2] << ", " << dims[3]
      << "), expected (components, " << global[2] << ", " << global[1] << ", " << global[0]
      << "): the padded grid of the header's cells";
    throw failure(file, s.str());
  }
  CheckpointField field;
  field.name = name;
  field.components = int(dims[0]);
  field.data.resize(std::size_t(field.components) * std::size_t(grid.cells_padded()));

  const PaddedBox window = padded_window(grid);
  const hsize_t block_dims[3] = {hsize_t(grid.sz()), hsize_t(grid.sy()), hsize_t(grid.sx())};
  const hsize_t count[4] = {1, hsize_t(window.count[2]), hsize_t(window.count[1]), hsize_t(window.count[0])};
  Hdf5Handle memory(H5Screate_simple(3, block_dims, nullptr), H5Sclose);
  const Hdf5Handle dxpl = collective_transfer();
  for (int c = 0; c < field.components; ++c) {
    const hsize_t start[4] = {hsize_t(c), hsize_t(window.start[2]), hsize_t(window.start[1]), hsize_t(window.start[0])};
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
    float* data = field.data.data() + std::size_t(c) * std::size_t(grid.cells_padded());
    agree_read(comm, file, H5Dread(d.get(), H5T_NATIVE_FLOAT, memory.get(), file_space.get(), dxpl.get(), data) >= 0,
               "cannot read " + path);
  }
  return field;
}

std::vector<std::pair<std::string, double>> read_scalars(const Comm& comm, const fs::path& file, hid_t f) {
  const Hdf5Handle d = open_dataset(file, f, "/scalars/names");
  Hdf5Handle type(H5Dget_type(d.get()), H5Tclose);
  Hdf5Handle space(H5Dget_space(d.get()), H5Sclose);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0 || H5Sget_simple_extent_ndims(space.get()) != 1)
    throw failure(file, "/scalars/names is not a list of fixed-length strings");
  const std::size_t width = H5Tget_size(type.get());
  const std::size_t n = std::size_t(H5Sget_simple_extent_npoints(space.get()));
  std::string names(width * n, '\0');
  const Hdf5Handle dxpl = collective_transfer();
  agree_read(comm, file, n == 0 || H5Dread(d.get(), type.get(), H5S_ALL, H5S_ALL, dxpl.get(), names.data()) >= 0,
             "cannot read /scalars/names");
  const std::vector<double> values = read_all<double>(comm, file, f, "/scalars/values", H5T_NATIVE_DOUBLE);
  if (values.size() != n)
    throw failure(file, "/scalars/names holds " + std::to_string(n) + " names but /scalars/values " +
                            std::to_string(values.size()) + " values");
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string name = names.substr(i * width, width);
    name.resize(name.find('\0') == std::string::npos ? width : name.find('\0'));
    out.emplace_back(std::move(name), values[i]);
  }
  return out;
}

}  // namespace

void write_checkpoint(const fs::path& file, const Comm& comm, const Grid& grid, const Checkpoint& c) {
  silence_hdf5_errors();
  // Checked on every rank before any collective HDF5 call, so that all ranks throw together
  // rather than some waiting for the others forever.
  const std::string problem = local_problem(grid, c);
  if (comm.any(!problem.empty()))
    throw failure(file, problem.empty() ? "another rank's state does not fit its block" : problem);
  if (!same_on_every_rank(comm, double(c.fields.size())) || !same_on_every_rank(comm, double(c.model.size())) ||
      !same_on_every_rank(comm, double(c.scalars.size())))
    throw failure(file, "the ranks hold different numbers of fields, model bytes or scalars");

  const fs::path part = part_path(file);
  // A killed writer leaves its .part behind; it is never read, and it goes before the new one.
  if (comm.root()) {
    std::error_code ignored;
    fs::remove(part, ignored);
  }
  comm.barrier();
  write_file(part, comm, grid, c);
  // Every rank has closed the file (H5Fclose is collective): only now is it whole.
  comm.barrier();
  std::string rename_error;
  if (comm.root()) {
    std::error_code ec;
    fs::rename(part, file, ec);
    if (ec) rename_error = ec.message();
  }
  if (comm.any(!rename_error.empty()))
    throw failure(file, "cannot rename " + part.string() + " to it" + (rename_error.empty() ? "" : ": " + rename_error));
}

CheckpointHeader read_checkpoint_header(const fs::path& file, const Comm& comm) {
  silence_hdf5_errors();
  const Hdf5Handle f = open_file(file, comm);
  return read_header(file, f.get());
}

Checkpoint read_checkpoint(const fs::path& file, const Comm& comm, const Grid& grid) {
  silence_hdf5_errors();
  const Hdf5Handle f = open_file(file, comm);
  Checkpoint c;
  c.header = read_header(file, f.get());
  const std::array<long long, 3> run_cells{grid.global[0], grid.global[1], grid.global[2]};
  if (c.header.global_cells != run_cells)
    throw failure(file, "it holds a grid of " + cells_text(c.header.global_cells) + " cells, this run's grid is " +
                            cells_text(run_cells) + " cells: a checkpoint restarts only the grid it was written on");

  if (H5Lexists(f.get(), "fields", H5P_DEFAULT) <= 0) throw failure(file, "no group /fields");
  Hdf5Handle fields(H5Gopen2(f.get(), "fields", H5P_DEFAULT), H5Gclose);
  H5G_info_t info{};
  if (!fields.valid() || H5Gget_info(fields.get(), &info) < 0) throw failure(file, "/fields is not a group");
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length = H5Lget_name_by_idx(fields.get(), ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) throw failure(file, "/fields does not keep its creation order");
    std::string name(std::size_t(length) + 1, '\0');
    H5Lget_name_by_idx(fields.get(), ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(std::size_t(length));
    c.fields.push_back(read_field(comm, file, fields.get(), name, grid));
  }
  c.model = read_all<std::uint8_t>(comm, file, f.get(), "/model", H5T_NATIVE_UINT8);
  c.scalars = read_scalars(comm, file, f.get());
  return c;
}

}  // namespace rackflow::solver
