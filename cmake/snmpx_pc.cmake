# Run by `cmake --install` (install(SCRIPT) in CMakeLists.txt): write
# snmpx.pc for the prefix of *this* install, so `cmake --install B
# --prefix P` gives a snmpx.pc that names P, not the configure-time
# CMAKE_INSTALL_PREFIX.  DESTDIR is not part of CMAKE_INSTALL_PREFIX, so a
# staged install still names the final prefix.
#
# In: SNMPX_PC_IN, SNMPX_PC_OUT, PROJECT_VERSION, SNMPX_PC_LIBDIR_REL,
# SNMPX_PC_INCLUDEDIR_REL (set by the install(CODE) before this script);
# CMAKE_INSTALL_PREFIX (set by cmake --install).
set(SNMPX_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
foreach(kind LIBDIR INCLUDEDIR)
  # An absolute GNUInstallDirs value stays as given; a relative one hangs
  # off ${prefix}.
  if(IS_ABSOLUTE "${SNMPX_PC_${kind}_REL}")
    set(SNMPX_PC_${kind} "${SNMPX_PC_${kind}_REL}")
  else()
    set(SNMPX_PC_${kind} "\${prefix}/${SNMPX_PC_${kind}_REL}")
  endif()
endforeach()
configure_file("${SNMPX_PC_IN}" "${SNMPX_PC_OUT}" @ONLY)
