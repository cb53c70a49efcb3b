package app.provisioning.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection with blocking I/O: a request is one write, an answer
 * one or two reads. The load generator shares the machine with the server, so it must
 * cost as little as a C tool like wrk: the JDK's HttpClient hands every exchange between
 * threads and took a large share of the CPU the server needed.
 */
final class KeepAliveConnection implements Closeable {

	private final String host;

	private final int port;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	KeepAliveConnection(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/**
	 * Sends one request and reads the whole answer; returns its status. Reconnects when
	 * the server closed.
	 */
	int send(String method, String path, String token, String body) throws IOException {
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null;
		StringBuilder head = new StringBuilder(256).append(method)
			.append(' ')
			.append(path)
			.append(" HTTP/1.1\r\nHost: ")
			.append(this.host)
			.append("\r\n");
		if (token != null) {
			head.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		if (content != null) {
			head.append("Content-Type: application/scim+json\r\nContent-Length: ")
				.append(content.length)
				.append("\r\n");
		}
		byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
		byte[] request = headBytes;
		if (content != null) {
			request = new byte[headBytes.length + content.length];
			System.arraycopy(headBytes, 0, request, 0, headBytes.length);
			System.arraycopy(content, 0, request, headBytes.length, content.length);
		}
		if (this.socket == null) {
			open();
		}
		this.out.write(request);
		this.out.flush();
		return readAnswer(method);
	}

	private void open() throws IOException {
		this.socket = new Socket(this.host, this.port);
		this.socket.setTcpNoDelay(true);
		this.socket.setSoTimeout(60_000);
		this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
		this.out = this.socket.getOutputStream();
	}

	private int readAnswer(String method) throws IOException {
		String statusLine = line();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		String header;
		while (!(header = line()).isEmpty()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				close = true;
			}
		}
		boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200);
		if (!noBody) {
			if (chunked) {
				long size;
				while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
					skip(size);
					line();
				}
				while (!line().isEmpty()) {
					// trailers
				}
			}
			else if (length >= 0) {
				skip(length);
			}
			else {
				this.in.transferTo(OutputStream.nullOutputStream());
				close = true;
			}
		}
		if (close) {
			close();
		}
		return status;
	}

	private String line() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("The server closed the connection mid-answer");
			}
			if (b != '\r') {
				bytes.write(b);
			}
		}
		return bytes.toString(StandardCharsets.ISO_8859_1);
	}

	private void skip(long count) throws IOException {
		long left = count;
		while (left > 0) {
			long skipped = this.in.skip(left);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					throw new EOFException("The server closed the connection mid-body");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// already gone
			}
			this.socket = null;
		}
	}

}
