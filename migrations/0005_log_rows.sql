ALTER TABLE `container_logs` ADD `count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `container_logs` ADD `times` text;