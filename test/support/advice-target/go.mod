module advicetarget

go 1.19
