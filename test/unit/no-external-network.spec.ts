import axios from 'axios';
import net from 'node:net';

describe('no-external-network guard', () => {
  it('should fail a request to a non-loopback host, naming method and URL', async () => {
    await expect(axios.post('http://api.x.com/2/tweets', {})).rejects.toThrow(/Blocked external request in tests: POST http:\/\/api\.x\.com\/2\/tweets/);
  });

  it('should fail a raw socket to a non-loopback host', () => {
    expect(() => net.connect({ host: '10.1.2.3', port: 80 })).toThrow(/Blocked external connection in tests: 10\.1\.2\.3/);
  });
});
