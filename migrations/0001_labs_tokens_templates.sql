ALTER TABLE `labs` ADD `token_hash` text;--> statement-breakpoint
ALTER TABLE `labs` ADD `template` text;--> statement-breakpoint
ALTER TABLE `labs` ADD `creation` text;--> statement-breakpoint
ALTER TABLE `labs` ADD `expires_at` text;--> statement-breakpoint
CREATE INDEX `labs_expires_at` ON `labs` (`expires_at`);