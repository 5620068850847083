package zmtp

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Frame flags (ZMTP 3.1, section "Framing").
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

// greetingSize is the fixed length of a ZMTP 3.x greeting: signature (10),
// version (2), mechanism (20), as-server (1), filler (31).
const greetingSize = 64

// ErrTooLarge is wrapped by the errors for frames and messages over the
// limits, which end the connection that sent them.
var ErrTooLarge = errors.New("over the size limit")

// greeting is the one this side sends: ZMTP 3.1, NULL mechanism, not a
// security server (NULL has no server role).
func greeting() []byte {
	g := make([]byte, greetingSize)
	g[0], g[9] = 0xff, 0x7f
	g[10], g[11] = 3, 1
	copy(g[12:32], "NULL")
	return g
}

// signatureSize is the greeting's first part, which tells a ZMTP peer
// from anything else before the rest is waited for.
const signatureSize = 10

// checkSignature accepts the start of a ZMTP 2.0 or later greeting.
func checkSignature(sig []byte) error {
	// Byte 9 has its low bit set from ZMTP 2.0 on; libzmq tests only
	// that bit, and so do we.
	if sig[0] != 0xff || sig[9]&1 == 0 {
		return errors.New("not a ZMTP 3 greeting")
	}
	return nil
}

// checkGreeting accepts a ZMTP 3.x peer using the NULL mechanism.
func checkGreeting(g []byte) error {
	if err := checkSignature(g[:signatureSize]); err != nil {
		return err
	}
	if g[10] < 3 {
		return fmt.Errorf("ZMTP %d.%d is not supported (want 3.x)", g[10], g[11])
	}
	mech := strings.TrimRight(string(g[12:32]), "\x00")
	if mech != "NULL" {
		return fmt.Errorf("security mechanism %q is not supported (want NULL)", mech)
	}
	return nil
}

// frameReader reads ZMTP frames from a buffered connection, refusing any
// frame longer than the caller allows before allocating for it.
type frameReader struct {
	r *bufio.Reader
}

// readFrame reads one frame whose body may be at most limit bytes, or
// commandLimit for a command frame.
func (fr frameReader) readFrame(limit, commandLimit int) (flags byte, body []byte, err error) {
	flags, err = fr.r.ReadByte()
	if err != nil {
		return 0, nil, err
	}
	if flags&^(flagMore|flagLong|flagCommand) != 0 {
		return 0, nil, fmt.Errorf("frame flags %#02x: reserved bits set", flags)
	}
	if flags&flagCommand != 0 && flags&flagMore != 0 {
		return 0, nil, errors.New("command frame with the MORE flag")
	}
	if flags&flagCommand != 0 {
		limit = commandLimit
	}
	var size uint64
	if flags&flagLong != 0 {
		var b [8]byte
		if _, err := io.ReadFull(fr.r, b[:]); err != nil {
			return 0, nil, unexpected(err)
		}
		size = binary.BigEndian.Uint64(b[:])
	} else {
		b, err := fr.r.ReadByte()
		if err != nil {
			return 0, nil, unexpected(err)
		}
		size = uint64(b)
	}
	if size > uint64(limit) {
		return 0, nil, fmt.Errorf("frame of %d bytes: %w (%d bytes left for this message)", size, ErrTooLarge, limit)
	}
	body, err = readBody(fr.r, int(size))
	return flags, body, unexpected(err)
}

// bodyChunk is the largest allocation made ahead of the bytes that fill it.
const bodyChunk = 1 << 20

// readBody reads n bytes. Past bodyChunk the buffer grows as the bytes
// arrive, so a peer that announces a large frame and sends little of it
// costs about what it sent, not what it announced.
func readBody(r io.Reader, n int) ([]byte, error) {
	if n <= bodyChunk {
		buf := make([]byte, n)
		_, err := io.ReadFull(r, buf)
		return buf, err
	}
	buf := make([]byte, 0, bodyChunk)
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(n, 2*cap(buf))-len(buf))
		}
		m, err := io.ReadFull(r, buf[len(buf):min(n, cap(buf))])
		buf = buf[:len(buf)+m]
		if err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// unexpected turns an end of stream inside a frame into the error it is.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// A command is a ZMTP command frame: a name and its data.
type command struct {
	name string
	data []byte
}

func parseCommand(body []byte) (command, error) {
	if len(body) == 0 || int(body[0]) > len(body)-1 {
		return command{}, errors.New("malformed command frame")
	}
	n := int(body[0])
	return command{name: string(body[1 : 1+n]), data: body[1+n:]}, nil
}

// parseProperties decodes a READY command's metadata: each property is a
// 1-byte name length, the name, a 4-byte big-endian value length and the
// value. Names are case-insensitive.
func parseProperties(data []byte) (map[string][]byte, error) {
	props := map[string][]byte{}
	for len(data) > 0 {
		n := int(data[0])
		if len(data) < 1+n+4 {
			return nil, errors.New("truncated property")
		}
		name := strings.ToLower(string(data[1 : 1+n]))
		data = data[1+n:]
		size := binary.BigEndian.Uint32(data)
		data = data[4:]
		if uint64(size) > uint64(len(data)) {
			return nil, fmt.Errorf("property %q: truncated value", name)
		}
		props[name] = data[:size]
		data = data[size:]
	}
	return props, nil
}

// appendFrame appends one frame to buf.
func appendFrame(buf []byte, flags byte, body []byte) []byte {
	if len(body) > 255 {
		buf = append(buf, flags|flagLong)
		return binary.BigEndian.AppendUint64(buf, uint64(len(body)))
	}
	return append(buf, flags, byte(len(body)))
}

// commandFrame encodes a command frame.
func commandFrame(name string, data []byte) []byte {
	body := append([]byte{byte(len(name))}, name...)
	body = append(body, data...)
	return append(appendFrame(nil, flagCommand, body), body...)
}

// readyCommand is this side's READY, naming its socket type and, when not
// empty, the identity a ROUTER peer is to know it by.
func readyCommand(socketType string, identity []byte) []byte {
	data := appendProperty(nil, "Socket-Type", []byte(socketType))
	if len(identity) > 0 {
		data = appendProperty(data, "Identity", identity)
	}
	return commandFrame("READY", data)
}

// appendProperty appends one READY metadata property.
func appendProperty(data []byte, name string, value []byte) []byte {
	data = append(data, byte(len(name)))
	data = append(data, name...)
	data = binary.BigEndian.AppendUint32(data, uint32(len(value)))
	return append(data, value...)
}

// encodeMessage encodes a message's frames, all but the last flagged MORE.
func encodeMessage(frames [][]byte) []byte {
	size := 0
	for _, f := range frames {
		size += 9 + len(f)
	}
	buf := make([]byte, 0, size)
	for i, f := range frames {
		flags := byte(0)
		if i < len(frames)-1 {
			flags = flagMore
		}
		buf = append(appendFrame(buf, flags, f), f...)
	}
	return buf
}
