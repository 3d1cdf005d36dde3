// Instagram errors are Graph errors (platform-apis.md §2.6): same envelope, same codes; its BUC
// throttle is 80002 with `type: "instagram"` in X-Business-Use-Case-Usage (§2.5). The Facebook
// classifier covers both; this module names it for the Instagram side.
export {
  classifyGraphError as classifyInstagramError,
  classifyGraphResponse as classifyInstagramResponse,
  graphUsage as instagramUsage,
  isGraphCursorError,
} from '../facebook/facebook.errors.js';
