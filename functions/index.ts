// The functions app's entry point (package.json "main"): every function registers itself when imported.
import azf from '@azure/functions';
import { closeRuntime } from './services.js';
import './upload.js';
import './monthly-report.js';
import './reports-api.js';

// A worker being recycled closes its database pool rather than leaving connections for the server to time out.
azf.app.hook.appTerminate(() => closeRuntime());
