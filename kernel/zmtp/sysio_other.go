//go:build !linux

package zmtp

// Elsewhere connections are read and written through net.Conn, and every
// write that finds the queue empty goes through the writer goroutine.
const haveSysIO = false

func sysRead(uintptr, []byte) (int, error)  { panic("zmtp: no raw reads on this platform") }
func sysWrite(uintptr, []byte) (int, error) { panic("zmtp: no raw writes on this platform") }
