# SPDX-License-Identifier: MIT
# The core library as a CMake package (relocatable: every path in it is
# relative to where the config file lies), and the .deb (CPack).
include(CMakePackageConfigHelpers)
set(ARRAYLENS_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ArrayLens)
install(EXPORT ArrayLensTargets NAMESPACE ArrayLens:: DESTINATION ${ARRAYLENS_CMAKE_INSTALL_DIR}
  COMPONENT Development)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/ArrayLensConfig.cmake.in
  ${CMAKE_BINARY_DIR}/ArrayLensConfig.cmake INSTALL_DESTINATION ${ARRAYLENS_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/ArrayLensConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/ArrayLensConfig.cmake ${CMAKE_BINARY_DIR}/ArrayLensConfigVersion.cmake
  DESTINATION ${ARRAYLENS_CMAKE_INSTALL_DIR} COMPONENT Development)

# ---- cpack -G DEB in the build folder: arraylens_VERSION_ARCH.deb, the whole
# install tree under /usr (Debian's policy: Section, Depends from the
# libraries the binaries link, found by dpkg-shlibdeps).
set(CPACK_PACKAGE_NAME arraylens)
set(CPACK_PACKAGE_VENDOR "ArrayLens")
set(CPACK_PACKAGE_CONTACT "ArrayLens maintainers <arraylens@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "view and edit what Python functions return, in a grid")
set(CPACK_PACKAGE_DESCRIPTION
  "ArrayLens shows NumPy arrays, bytes, memory-mapped files and anything else that exports Python's buffer protocol in a grid, zero-copy, with edits written straight into the object. It opens Python scripts and data files (.npy, .npz, HDF5, netCDF-4, zarr) and works headless from the command line too (listings, metadata, CSV, statistics, PNG).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# dpkg-shlibdeps names Qt 6, libpython3.x and libc from what the binaries link;
# NumPy is imported at run time, so it is named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3-numpy")
# The libraries that extend what ArrayLens opens (lazy sources, data files).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
  "python3-pandas, python3-h5py, python3-zarr, python3-dask, python3-distributed, python3-xarray, python3-netcdf4")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-dev, cmake, g++")
include(CPack)
