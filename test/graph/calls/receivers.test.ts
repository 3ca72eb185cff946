// Class 1 of issue 19: receivers whose type comes from an assignment jedi follows. Expected values
// read off jedi 0.20.0 on these files (a fresh Script per call).
import { describe, expect, it } from 'vitest';
import { describeSnippetCalls } from './snippet-calls.js';

const targets = (calls: Map<number, string>, line: number): string | undefined => calls.get(line)?.split(' | ')[0];

describe('names a function declares global (jedi 0.20.0)', () => {
  const calls = describeSnippetCalls(`from tkinter import Tk


def setUp():
    global root
    root = Tk()


def tearDown():
    global root
    root.update_idletasks()


def local_only():
    other = Tk()
    return other


def reader():
    root.destroy()
    other.destroy()
`);

  it('takes the assignment of a global name in another function as a module binding', () => {
    expect(targets(calls, 11)).toBe('tkinter.Misc.update_idletasks');
    expect(targets(calls, 20)).toBe('tkinter.Tk.destroy');
  });

  it('does not make a local assignment module-wide', () => {
    expect(targets(calls, 21)).toBe('');
  });
});

describe("jedi's full-name mapping of private modules (jedi 0.20.0)", () => {
  const calls = describeSnippetCalls(`from io import BytesIO
import bz2
import socket
s = BytesIO(b"")
s.getvalue()
bz2.BZ2Compressor(1)
sock = socket.socket()
sock.close()
`);

  it('reports _io, _socket, ... under their public module, as BaseName.full_name does', () => {
    expect(targets(calls, 4)).toBe('io.BytesIO');
    expect(targets(calls, 5)).toBe('io.BytesIO.getvalue');
    expect(targets(calls, 7)).toBe('socket.socket');
    expect(targets(calls, 8)).toBe('socket.socket.close');
  });

  it('leaves other private modules as they are', () => {
    expect(targets(calls, 6)).toBe('_bz2.BZ2Compressor');
  });
});
