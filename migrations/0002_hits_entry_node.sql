PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_hits` (
	`lab_id` text NOT NULL,
	`namespace` text NOT NULL,
	`service` text NOT NULL,
	`pod` text NOT NULL,
	`node` text NOT NULL,
	`entry_node` text DEFAULT '' NOT NULL,
	`pod_ip` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`lab_id`, `namespace`, `service`, `pod`, `node`, `entry_node`)
);
--> statement-breakpoint
INSERT INTO `__new_hits`("lab_id", "namespace", "service", "pod", "node", "entry_node", "pod_ip", "count") SELECT "lab_id", "namespace", "service", "pod", "node", '', "pod_ip", "count" FROM `hits`;--> statement-breakpoint
DROP TABLE `hits`;--> statement-breakpoint
ALTER TABLE `__new_hits` RENAME TO `hits`;--> statement-breakpoint
PRAGMA foreign_keys=ON;