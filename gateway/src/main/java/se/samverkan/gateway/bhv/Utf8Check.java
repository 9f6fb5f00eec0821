package se.samverkan.gateway.bhv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the line of the first byte sequence that is not UTF-8. The parser reads ahead, and reports some
 * bad sequences (code points above U+10FFFF) where its scanner is, on line 1; this looks again, only when
 * the parser has already refused the file, so it costs nothing on good files.
 */
public final class Utf8Check {

    private Utf8Check() {
    }

    /** The line of the first sequence that is not UTF-8, or 0 if there is none. */
    public static int firstBadLine(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        int line = 1;
        try (InputStream in = Files.newInputStream(file)) {
            boolean end = false;
            while (!end) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                end = n < 0;
                bytes.position(bytes.position() + Math.max(n, 0)).flip();
                CoderResult result = utf8.decode(bytes, chars, end);
                chars.flip();
                while (chars.hasRemaining()) {
                    line += chars.get() == '\n' ? 1 : 0;
                }
                chars.clear();
                if (result.isError()) {
                    return line;
                }
                bytes.compact();
            }
        }
        return 0;
    }
}
