import { Initial1763900000000 } from './1763900000000-Initial.js';
import { InboxRepliesWebhooks1763990000000 } from './1763990000000-InboxRepliesWebhooks.js';
import { AdminAudit1764000000000 } from './1764000000000-AdminAudit.js';
import { WeeklyReports1764100000000 } from './1764100000000-WeeklyReports.js';
import { SocketIoAttachments1764200000000 } from './1764200000000-SocketIoAttachments.js';
import { AccountSeededValues1764300000000 } from './1764300000000-AccountSeededValues.js';
import { RefreshAndReplyOutcomes1765200000000 } from './1765200000000-RefreshAndReplyOutcomes.js';
import { PostsAccountPostedIndex1765600000000 } from './1765600000000-PostsAccountPostedIndex.js';
import { TelegramYouTube1765800000000 } from './1765800000000-TelegramYouTube.js';
import { LoginThrottle1766200000000 } from './1766200000000-LoginThrottle.js';

export const MIGRATIONS = [Initial1763900000000, InboxRepliesWebhooks1763990000000, AdminAudit1764000000000, WeeklyReports1764100000000, SocketIoAttachments1764200000000, AccountSeededValues1764300000000, RefreshAndReplyOutcomes1765200000000, PostsAccountPostedIndex1765600000000, TelegramYouTube1765800000000, LoginThrottle1766200000000];
