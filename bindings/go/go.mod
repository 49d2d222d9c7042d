module member

go 1.19
