// The ceiling for any Node service here: bare node:http, parses the JSON body of POST /predict and answers a
// fixed prediction in the contract's shape. GET /health/ready answers 200 so its start time is comparable.
import { createServer } from 'node:http';

const PREDICTION = JSON.stringify({
  species: 'setosa',
  probabilities: { setosa: 0.97, versicolor: 0.03, virginica: 0 },
  confidence: 0.97,
  model: { name: 'iris', version: 'ceiling' },
  inference_ms: 0,
});

function answer(response, status, body) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health/ready')
    return answer(response, 200, '{"status":"ok"}');
  if (request.method !== 'POST' || request.url !== '/predict')
    return answer(response, 404, '{"error":"not found"}');
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      answer(response, 200, PREDICTION);
    } catch {
      answer(response, 400, '{"error":"malformed JSON"}');
    }
  });
});

server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
