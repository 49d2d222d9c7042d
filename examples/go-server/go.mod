module member-go-server

go 1.19

require member v0.0.0

replace member => ../../bindings/go
