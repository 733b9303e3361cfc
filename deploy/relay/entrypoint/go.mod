module derpmanagement/relay-entrypoint

go 1.24
